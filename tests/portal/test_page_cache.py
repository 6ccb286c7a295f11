"""Issue 15, part 3: anonymous pages from the shared cache, invalidated by every change that shows
on a page, answered 304 to a conditional request; never for a logged-in visitor or a form."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from portal.factories import StandardPageFactory
from portal.infrastructure import page_cache
from portal.models import ContactSettings, Strategy

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def contact_settings(db):
    # The first page ever served creates the settings row (a save, which empties the cache).
    ContactSettings.load()


@pytest.fixture
def about(home):
    km, _en = home
    page, _ = StandardPageFactory.pair(parent=km, slug="about", title="អំពីយើង", intro="សេចក្តីផ្តើម")
    return page


def get(client, url, **headers):
    return client.get(url, headers=headers)


def test_the_second_anonymous_visit_is_served_from_the_cache_without_sql(client, about):
    first = get(client, "/km/about/")
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = get(client, "/km/about/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert len(queries) == 0
    assert second["Content-Language"] == "km"
    assert "max-age=0" in second["Cache-Control"]


def test_a_conditional_request_is_answered_304(client, about):
    first = get(client, "/km/about/")
    etag, modified = first["ETag"], first["Last-Modified"]
    again = get(client, "/km/about/", if_none_match=etag)
    assert again.status_code == 304 and again.content == b""
    assert get(client, "/km/about/", if_modified_since=modified).status_code == 304
    assert get(client, "/km/about/", if_none_match='"other"').status_code == 200


def test_each_language_has_its_own_entry(client, home):
    km, _en = home
    StandardPageFactory.pair(parent=km, slug="about", title="អំពីយើង", en={"title": "About us"})
    assert "អំពីយើង" in get(client, "/km/about/").content.decode()
    assert "About us" in get(client, "/en/about/").content.decode()
    assert get(client, "/en/about/")["X-Page-Cache"] == "hit"
    assert "អំពីយើង" in get(client, "/km/about/").content.decode()


def test_a_logged_in_visitor_never_gets_or_fills_the_cache(client, about, make_user):
    get(client, "/km/about/")  # cached for anonymous visitors
    client.force_login(make_user("reader"))
    mine = get(client, "/km/about/")
    assert "X-Page-Cache" not in mine and "Reader" in mine.content.decode()
    client.logout()
    anonymous = get(client, "/km/about/")
    assert anonymous["X-Page-Cache"] == "hit" and "Reader" not in anonymous.content.decode()


def test_a_page_with_a_form_is_never_cached(client, about):
    PageViewRestriction.objects.create(page=about, restriction_type="password", password="x")
    first = get(client, "/km/about/")
    assert first.status_code == 200 and "csrfmiddlewaretoken" in first.content.decode()
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in get(client, "/km/about/")


def test_pages_outside_wagtail_are_not_cached(client, home):
    assert "X-Page-Cache" not in get(client, "/km/search/?q=x")
    assert "X-Page-Cache" not in get(client, "/km/accounts/login/")


def cached_then(client, url, change):
    get(client, url)
    assert get(client, url)["X-Page-Cache"] == "hit"
    change()
    return get(client, url)


def test_publishing_a_change_shows_it_at_once(client, about):
    def edit():
        about.title = "អំពីកម្មវិធី"
        about.save_revision().publish()

    assert "អំពីកម្មវិធី" in cached_then(client, "/km/about/", edit).content.decode()


def test_unpublishing_and_deleting_take_the_page_away(client, about, home):
    assert cached_then(client, "/km/about/", about.unpublish).status_code == 404
    other, _ = StandardPageFactory.pair(parent=home[0], slug="other", title="ផ្សេង")
    assert cached_then(client, "/km/other/", other.delete).status_code == 404


def test_moving_a_page_moves_its_address(client, about, home):
    km, _en = home
    parent, _ = StandardPageFactory.pair(parent=km, slug="parent", title="មេ")

    def move():
        about.move(parent, pos="last-child")

    moved = cached_then(client, "/km/about/", move)  # Wagtail leaves a redirect behind
    assert moved.status_code == 301 and moved["Location"] == "/km/parent/about/"
    assert get(client, "/km/parent/about/").status_code == 200


def test_a_new_child_shows_in_the_menu_of_every_page(client, about, home):
    def add():
        page, _ = StandardPageFactory.pair(parent=home[0], slug="news", title="ព័ត៌មានថ្មី")
        page.show_in_menus = True
        page.save_revision().publish()

    assert "ព័ត៌មានថ្មី" in cached_then(client, "/km/about/", add).content.decode()


def test_a_changed_setting_or_snippet_shows_at_once(client, about):
    def contact():
        ContactSettings.objects.update_or_create(defaults={"email": "isaf@example.org"})

    assert "isaf@example.org" in cached_then(client, "/km/about/", contact).content.decode()
    before = page_cache.generation()
    strategy = Strategy.objects.first()
    strategy.name += " "
    strategy.save()
    assert page_cache.generation() != before


def test_a_published_translation_shows_in_the_language_switcher(client, about):
    untranslated = get(client, "/km/about/").content.decode()
    assert 'hreflang="en"' not in untranslated

    def translate():
        english = about.copy_for_translation(Locale.objects.get(language_code="en"))
        english.title = "About us"
        english.save_revision().publish()

    assert 'hreflang="en"' in cached_then(client, "/km/about/", translate).content.decode()


def test_learner_progress_does_not_empty_the_cache(client, about, make_user):
    get(client, "/km/about/")
    make_user("learner")  # a user and a profile saved: nothing a public page shows
    assert get(client, "/km/about/")["X-Page-Cache"] == "hit"


def test_the_cache_can_be_switched_off(client, about, settings):
    settings.PAGE_CACHE_SECONDS = 0
    get(client, "/km/about/")
    assert "X-Page-Cache" not in get(client, "/km/about/")
