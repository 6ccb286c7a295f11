"""The index follows publish/unpublish/move/delete through a real Celery worker, with retries."""

import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from portal.factories import StandardPageFactory
from portal.models import StandardPage
from search.index_check import check
from search.tasks import index_object

pytestmark = [
    pytest.mark.worker,
    # The worker needs committed rows; restore the migrations' data (root page, locales) after.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def eventually(condition, timeout=40):
    """Poll until ``condition()`` is true; the worker runs in another thread."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def found(client, query, locale="km"):
    data = client.get("/api/search/", {"q": query, "locale": locale}).json()
    return [r["title"] for r in data["results"]]


def publish(home, slug, title, intro):
    page, _ = StandardPageFactory.pair(parent=home[0], slug=slug, title=title, intro=intro)
    return page


def test_publish_edit_unpublish_move_and_delete_reach_the_index(celery_worker, home, client):
    page = publish(home, "mon", "តាមដាន", "ការត្រួតពិនិត្យ និងការវាយតម្លៃ")
    assert eventually(lambda: found(client, "វាយតម្លៃ") == ["តាមដាន"])

    page.intro = "ការអភិវឌ្ឍសមត្ថភាព"
    page.save_revision().publish()
    assert eventually(lambda: found(client, "សមត្ថភាព") == ["តាមដាន"])
    assert eventually(lambda: found(client, "វាយតម្លៃ") == [])

    parent = publish(home, "parent", "មេ", "")
    page.refresh_from_db()
    page.move(parent, pos="last-child")
    assert eventually(lambda: found(client, "សមត្ថភាព") == ["តាមដាន"])

    page.refresh_from_db()
    page.unpublish()
    assert eventually(lambda: found(client, "សមត្ថភាព") == [])

    Page.objects.get(pk=page.pk).delete()
    assert eventually(lambda: not _entries(page.pk))
    # Once the worker has drained its queue, nothing is missing or stale.
    assert eventually(lambda: not any(report.problems for report in check()))
    call_command("search_check")


def _entries(pk):
    from wagtail.search.models import IndexEntry

    return IndexEntry.objects.filter(object_id=str(pk)).exists()


def test_publishing_survives_a_search_backend_that_is_down(
    celery_worker, home, client, monkeypatch
):
    backend_class = type(get_search_backend())
    real_add = backend_class.add
    failures = []

    def add_while_down(self, obj):
        if len(failures) < 2:
            failures.append(obj.pk)
            raise ConnectionError("search engine unreachable")
        return real_add(self, obj)

    monkeypatch.setattr(backend_class, "add", add_while_down)
    page = publish(home, "down", "បណ្តាញ", "ការបង្កើតបណ្តាញ CAFs")  # must not raise
    assert page.live
    assert eventually(lambda: found(client, "បណ្តាញ") == ["បណ្តាញ"])
    assert len(failures) == 2  # two failed attempts, then the retry landed


@pytest.mark.django_db
def test_search_check_reports_missing_and_stale_pages_and_fixes_them(home, capsys):
    page, _ = StandardPageFactory.pair(parent=home[0], slug="chk", title="ពិនិត្យ", intro="សង្គម")
    # Inside a test transaction nothing is committed, so nothing reached the worker: missing.
    with pytest.raises(CommandError):
        call_command("search_check")
    assert "missing: page" in capsys.readouterr().out
    for p in Page.objects.live():
        index_object(p.specific)
    call_command("search_check")

    StandardPage.objects.filter(pk=page.pk).update(intro="ថ្មី")
    with pytest.raises(CommandError):
        call_command("search_check")
    assert f"stale: page {page.pk}" in capsys.readouterr().out
    call_command("search_check", "--fix")
    call_command("search_check")
