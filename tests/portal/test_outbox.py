"""A broker that is down loses nothing: the action succeeds, its work waits in the outbox and is
done once when a worker and the broker are back (in-memory broker here, Redis and RabbitMQ in CI).
"""

import os
import time
from contextlib import contextmanager
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import send_mail

from config.celery import app as celery_app
from portal.infrastructure import outbox
from portal.models import OutboxMessage, StandardPage
from tests.accounts.test_accounts import signup_data
from tests.conftest import reset_connections, running_worker
from tests.training.conftest import answers, build_course
from training.learning import complete_lesson, enrol, submit_quiz
from training.models import Certificate, CourseCompletion

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def dead_broker_url():
    """The configured broker's scheme on a port where nothing listens."""
    url = settings.CELERY_BROKER_URL
    if not url:
        return "redis://127.0.0.1:1/0"  # memory:// cannot be down; any unreachable broker will do
    parts = urlsplit(url)
    netloc = f"{parts.username or ''}{':' + parts.password if parts.password else ''}"
    netloc = f"{netloc}@127.0.0.1:1" if netloc else "127.0.0.1:1"
    return parts._replace(netloc=netloc).geturl()


@contextmanager
def broker_down():
    previous = {k: celery_app.conf[k] for k in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=dead_broker_url(), task_always_eager=False)
    reset_connections()
    # Celery reads CELERY_BROKER_URL from the environment before its configuration.
    try:
        with mock.patch.dict(os.environ, {"CELERY_BROKER_URL": dead_broker_url()}):
            yield
    finally:
        celery_app.conf.update(previous)
        reset_connections()


def wait_until(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def waiting_tasks():
    return sorted(OutboxMessage.objects.filter(sent_at__isnull=True).values_list("task", flat=True))


def test_an_e_mail_waits_for_the_broker_and_goes_out_once(db):
    with broker_down():
        started = time.monotonic()
        send_mail("Waited", "Body", None, ["to@example.org"])
        elapsed = time.monotonic() - started
    assert waiting_tasks() == ["portal.tasks.send_email"]
    assert elapsed < 5, f"a dead broker held the request {elapsed:.1f} s"
    message = OutboxMessage.objects.get()
    assert message.send_attempts == 1 and message.last_error
    assert mail.outbox == []

    with running_worker():  # the worker drains the outbox when it starts
        assert wait_until(lambda: [m.subject for m in mail.outbox] == ["Waited"])
        assert wait_until(lambda: OutboxMessage.objects.filter(done_at__isnull=False).exists())
        # A second delivery of the same message (a drain racing the sender, a redelivery)
        # is recognised by its id and not run again.
        celery_app.send_task(message.task, kwargs=message.kwargs, task_id=str(message.pk))
        send_mail("Marker", "", None, ["x@example.org"])
        assert wait_until(lambda: [m.subject for m in mail.outbox] == ["Waited", "Marker"])
    assert waiting_tasks() == []


def test_a_completion_gets_its_certificate_once_the_broker_is_back(home, make_user):
    c = build_course(home, slug="outage")
    user = make_user("dara", groups=["Learner"])
    with broker_down():
        enrol(user, c.course)
        for lesson in c.lessons:
            complete_lesson(user, lesson)
        submit_quiz(user, c.lessons[-1], c.quiz, answers(c.quiz))
    assert CourseCompletion.objects.filter(enrolment__user=user).count() == 1
    assert Certificate.objects.count() == 0
    assert "training.tasks.issue_certificate" in waiting_tasks()

    with running_worker():
        assert wait_until(lambda: Certificate.objects.filter(pdf__gt="").exists(), timeout=60)
        assert wait_until(lambda: waiting_tasks() == [])
        outbox.drain()  # draining again sends nothing twice
    assert Certificate.objects.count() == 1


def test_sign_up_and_password_reset_succeed_and_their_e_mails_wait(client, home):
    with broker_down():
        response = client.post("/en/accounts/signup/", signup_data())
        assert response.status_code == 302
        client.post("/en/accounts/logout/")
        response = client.post("/en/accounts/password-reset/", {"email": "sokha@example.org"})
        assert response.status_code == 302
    # The reset request waits as the task that looks the address up and writes the e-mail.
    assert waiting_tasks() == ["accounts.tasks.send_password_reset", "portal.tasks.send_email"]
    with running_worker():
        assert wait_until(lambda: len(mail.outbox) == 2)
    assert [m.to for m in mail.outbox] == [["sokha@example.org"]] * 2


def test_publishing_succeeds_and_the_page_is_indexed_when_the_broker_is_back(home):
    km, _en = home
    page = km.add_child(instance=StandardPage(title="Draft", slug="outage", live=False))
    with broker_down():
        page.title = "Outage notes"
        revision = page.save_revision()
        revision.publish()
        page.refresh_from_db()
        assert page.live
        # Wagtail's own tasks (reference index) and the search update both wait.
        tasks = waiting_tasks()
        assert "search.tasks.update_index" in tasks
        assert "portal.tasks.update_reference_index" in tasks
        assert StandardPage.objects.live().search("Outage").count() == 0
    with running_worker():
        assert wait_until(lambda: StandardPage.objects.live().search("Outage").count() == 1)
        assert wait_until(lambda: waiting_tasks() == [])


def test_the_periodic_drain_sends_only_what_waited_past_the_grace(db):
    with broker_down():
        send_mail("Later", "Body", None, ["to@example.org"])
    assert outbox.drain() == 0  # younger than the grace: its own send may still be under way
    assert set(settings.CELERY_BEAT_SCHEDULE["drain-outbox"].values()) >= {"portal.outbox.drain"}


def test_load_demo_leaves_no_failed_task(home):
    """Wagtail's reference-index task once failed with DoesNotExist for rows load_demo had
    replaced: the worker read them before the commit, or after a later delete."""
    from celery.signals import task_failure
    from django.core.management import call_command

    failures = []

    def record(sender=None, exception=None, **kwargs):
        failures.append(f"{sender.name}: {exception!r}")

    task_failure.connect(record, weak=False)
    try:
        with running_worker():
            call_command("load_demo", verbosity=0)
            assert wait_until(
                lambda: failures or not OutboxMessage.objects.filter(done_at__isnull=True).exists(),
                timeout=300,
            ), not_done()
    finally:
        task_failure.disconnect(record)
    assert failures == []


def not_done():
    from collections import Counter

    return Counter(
        OutboxMessage.objects.filter(done_at__isnull=True).values_list("task", flat=True)
    )


def test_drain_outbox_command_reports_and_sends(db, capsys):
    from django.core.management import call_command

    with broker_down():
        send_mail("Stuck", "Body", None, ["to@example.org"])
        call_command("drain_outbox")
    out = capsys.readouterr()
    assert "waiting for the broker: 1" in out.out and "still unreachable" in out.err
    with running_worker():
        assert wait_until(lambda: [m.subject for m in mail.outbox] == ["Stuck"])
    call_command("drain_outbox", "--dry-run")
    assert "waiting for the broker: 0" in capsys.readouterr().out


def test_work_that_reads_its_rows_is_queued_once_per_transaction(db):
    """A task declared ``coalesce=True`` (index updates, PDFs) asked for twice with the same
    arguments before the commit is one message; other arguments, other tasks (e-mail) and a
    request made again after its savepoint was rolled back are each their own."""
    from collections import Counter

    from django.db import transaction

    with broker_down():
        with transaction.atomic():
            first = outbox.enqueue("search.tasks.update_index", "portal", "standardpage", 1)
            again = outbox.enqueue("search.tasks.update_index", "portal", "standardpage", 1)
            other = outbox.enqueue("search.tasks.update_index", "portal", "standardpage", 2)
            try:
                with transaction.atomic():
                    outbox.enqueue("knowledge_base.tasks.build_guidebook_pdf", 7)
                    raise RuntimeError("rolled back")
            except RuntimeError:
                pass
            outbox.enqueue("knowledge_base.tasks.build_guidebook_pdf", 7)
            outbox.enqueue("knowledge_base.tasks.build_guidebook_pdf", 7)
            send_mail("Twice", "Body", None, ["to@example.org"])
            send_mail("Twice", "Body", None, ["to@example.org"])
    assert again.pk == first.pk and other.pk != first.pk
    assert Counter(OutboxMessage.objects.values_list("task", flat=True)) == {
        "search.tasks.update_index": 2,
        "knowledge_base.tasks.build_guidebook_pdf": 1,
        "portal.tasks.send_email": 2,
    }


def test_work_run_in_process_is_also_run_once_per_transaction(db):
    from django.db import transaction

    ran = []
    with mock.patch.object(outbox, "_apply_in_process", lambda task, *a: ran.append(task.name)):
        with transaction.atomic():
            for _ in range(3):
                outbox.enqueue("search.tasks.update_index", "portal", "standardpage", 1)
            send_mail("Twice", "Body", None, ["to@example.org"])
            send_mail("Twice", "Body", None, ["to@example.org"])
    assert sorted(ran) == ["portal.tasks.send_email"] * 2 + ["search.tasks.update_index"]
