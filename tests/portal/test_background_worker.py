"""Background work on a real Celery worker (Redis in CI's service run, in-memory otherwise)."""

import time

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task_backends
from wagtail.models import Page

from portal.factories import StandardPageFactory
from portal.models import StandardPage
from portal.tasks import send_email

pytestmark = pytest.mark.worker


def wait_until(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def test_the_worker_delivers_a_queued_e_mail(celery_worker):
    send_email.delay("Subject", "Body", "from@example.org", ["to@example.org"])
    assert wait_until(lambda: [m.subject for m in mail.outbox] == ["Subject"])


def test_send_mail_anywhere_goes_through_the_worker_after_commit(celery_worker):
    with transaction.atomic():
        send_mail("Queued", "Body", None, ["to@example.org"])
        time.sleep(1)
        # Nothing leaves before the transaction commits…
        assert mail.outbox == []
    # …and then the worker, not the web request, delivers it.
    assert wait_until(lambda: [m.subject for m in mail.outbox] == ["Queued"])


def test_nothing_is_sent_for_a_rolled_back_transaction(celery_worker):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail("Never", "Body", None, ["to@example.org"])
        raise RuntimeError("the request failed")
    send_email.delay("Marker", "", None, ["x@example.org"])
    assert wait_until(lambda: [m.subject for m in mail.outbox] == ["Marker"])


def test_wagtail_django_tasks_run_on_the_celery_worker(celery_worker, home):
    """Wagtail's own django_tasks go to the same Celery worker (shown with modelsearch's index
    task; the search app indexes through its own retrying Celery tasks, tests/search/)."""
    assert type(task_backends["default"]).__module__ == "portal.infrastructure.task_backends"
    km, _en = home
    page, _ = StandardPageFactory.pair(parent=km, slug="worker", title="Fieldworker")
    # Publishing enqueued the index update; the worker indexes the page.
    assert wait_until(lambda: Page.objects.live().search("Fieldworker").count() == 1)
    # A change made behind Wagtail's back shows once the worker re-reads the row.
    StandardPage.objects.filter(pk=page.pk).update(title="Volunteer")
    from modelsearch.tasks import insert_or_update_object_task

    insert_or_update_object_task.enqueue("portal", "standardpage", str(page.pk))
    assert wait_until(lambda: Page.objects.live().search("Volunteer").count() == 1)
