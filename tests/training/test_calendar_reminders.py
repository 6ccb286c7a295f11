"""The "session tomorrow" reminder: to learners with a place at a session held tomorrow, once
(the beat again, or a restarted worker, sends nothing twice), in their language, not to those
who opted out, waiting or registered for a cancelled session."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from portal.tasks import send_email
from tests.conftest import running_worker
from training.factories import TrainingSessionFactory
from training.learning import register
from training.models import CompletionRule, Reminder, ReminderOptOut
from training.tasks import send_reminders

from .conftest import build_course
from .test_certificates import wait_for


def tomorrows_sessions(home, make_user):
    course = build_course(home, slug="f2f", rule=CompletionRule.ATTENDANCE, with_quiz=False)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    session = TrainingSessionFactory(course=course.course, area_code="05", date=tomorrow, places=3)
    cancelled = TrainingSessionFactory(course=course.course, area_code="05", date=tomorrow)
    later = TrainingSessionFactory(
        course=course.course, area_code="05", date=tomorrow + datetime.timedelta(days=1)
    )

    def person(name, language="km"):
        user = make_user(name, groups=["Learner"], area_code="05")
        user.profile.preferred_language = language
        user.profile.save()
        return user

    khmer, english, quiet = person("khmer"), person("english", "en"), person("quiet")
    ReminderOptOut.objects.create(user=quiet)
    for user in (khmer, english, quiet):
        register(user, session)
    register(person("waiting"), session, waiting_list=True)
    register(person("next-week"), later)
    register(person("cancelled"), cancelled)
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    return khmer, english


@pytest.mark.django_db
def test_the_day_before_a_session_each_learner_with_a_place_is_reminded_once(
    home, make_user, django_capture_on_commit_callbacks
):
    khmer, english = tomorrows_sessions(home, make_user)
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            send_reminders.apply().get()
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {khmer.email, english.email}
    assert "session is tomorrow" in by_address[english.email].subject
    assert "It starts at 8:30" in by_address[english.email].body or "08:30" in (
        by_address[english.email].body
    )
    assert "០៨:៣០" in by_address[khmer.email].body
    assert "/km/training/calendar/" in by_address[khmer.email].body
    assert Reminder.objects.filter(key__startswith="session-tomorrow:").count() == 2


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restarted_worker_sends_no_session_reminder_twice(
    transactional_db, django_db_serialized_rollback, home, make_user
):
    tomorrows_sessions(home, make_user)
    with running_worker():
        send_reminders.delay()
        assert wait_for(lambda: len(mail.outbox) == 2)
    with running_worker():
        send_reminders.delay()
        send_email.delay("marker", "", None, ["marker@example.org"])
        assert wait_for(lambda: any(m.subject == "marker" for m in mail.outbox))
    assert len(mail.outbox) == 3
