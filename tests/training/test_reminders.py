"""Reminders: a course left unfinished, a certificate about to expire; each goes once (run the
beat's task again, or restart the worker: nothing twice), in the learner's language, and not to
a learner who opted out."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portal.tasks import send_email
from tests.conftest import running_worker
from training.models import Certificate, CourseCompletion, Enrolment, Reminder, ReminderOptOut
from training.refreshers import add_months
from training.tasks import send_reminders

from .conftest import build_course
from .test_certificates import wait_for


def stalled_and_expiring(home, make_user):
    course = build_course(home, slug="refresh", with_quiz=False, lessons=1).course
    course.certificate_valid_months = 12
    course.save()
    other = build_course(home, slug="other", with_quiz=False, lessons=1).course
    khmer = make_user("sokha", groups=["Learner"], area_code="05")
    english = make_user("dara", groups=["Learner"], area_code="05")
    english.profile.preferred_language = "en"
    english.profile.save()
    quiet = make_user("quiet", groups=["Learner"], area_code="05")
    ReminderOptOut.objects.create(user=quiet)
    long_ago = timezone.now() - timedelta(days=30)
    for user in (khmer, quiet):
        e = Enrolment.objects.create(user=user, course=other, source="self")
        Enrolment.objects.filter(pk=e.pk).update(enrolled_at=long_ago, last_activity_at=long_ago)
    done = Enrolment.objects.create(user=english, course=course, source="self")
    completion = CourseCompletion.objects.create(
        enrolment=done, completed_at=timezone.now(), via="online"
    )
    Certificate.objects.create(
        completion=completion,
        learner_name="Dara",
        course_title_km="វគ្គ",
        course_title_en="Course",
        issuer="NSLA",
        issued_on=add_months(timezone.localdate(), -12) + timedelta(days=10),
    )
    return khmer, english


@pytest.mark.django_db
def test_each_reminder_goes_once_in_the_learners_language(
    home, make_user, django_capture_on_commit_callbacks
):
    khmer, english = stalled_and_expiring(home, make_user)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders.apply().get()
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders.apply().get()  # the beat again: nothing new
    assert sorted(m.to[0] for m in mail.outbox) == [english.email, khmer.email]
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "certificate expires soon" in by_address[english.email].subject
    assert "/en/training/" in by_address[english.email].body
    assert "វគ្គ" in by_address[khmer.email].body and "/km/training/" in by_address[khmer.email].body
    assert Reminder.objects.count() == 2


@pytest.mark.django_db
def test_a_learner_turns_reminders_off_and_on(client, make_user):
    learner = make_user("sokha", groups=["Learner"])
    client.force_login(learner)
    client.post("/en/training/reminders/", {"reminders": "off"})
    assert ReminderOptOut.objects.filter(user=learner).exists()
    assert "Turn reminders on" in client.get("/en/training/").content.decode()
    client.post("/en/training/reminders/", {"reminders": "on"})
    assert not ReminderOptOut.objects.exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restarted_worker_and_beat_send_nothing_twice(
    transactional_db, django_db_serialized_rollback, home, make_user
):
    """The reminders run on a real worker, which is then stopped and started again and given
    the beat's task once more: the e-mails already sent are not sent again."""
    stalled_and_expiring(home, make_user)
    with running_worker():
        send_reminders.delay()
        assert wait_for(lambda: len(mail.outbox) == 2)
    with running_worker():
        send_reminders.delay()
        # A solo worker takes its messages in order: once this one is delivered, the beat's
        # task before it has run.
        send_email.delay("marker", "", None, ["marker@example.org"])
        assert wait_for(lambda: any(m.subject == "marker" for m in mail.outbox))
    assert len(mail.outbox) == 3
    assert Reminder.objects.count() == 2


@pytest.mark.django_db
def test_provincial_staff_get_their_provinces_progress_once_a_week(
    home, make_user, django_capture_on_commit_callbacks
):
    from portal.models import ActorType, AdministrativeArea
    from training.models import PlanTarget, TrainingPlan

    course = build_course(home, slug="planned", with_quiz=False, lessons=1).course
    caf = ActorType.objects.get(code="caf", locale__language_code="km")
    for code, people in (("05", 8), ("17", 3)):
        plan = TrainingPlan.objects.create(
            year=timezone.localdate().year, province=AdministrativeArea.objects.get(code=code)
        )
        PlanTarget.objects.create(plan=plan, course=course, actor_type=caf, people=people)
    staff = make_user("ksp", groups=["Provincial staff"], area_code="05")
    staff.profile.preferred_language = "en"
    staff.profile.save()
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            send_reminders.apply().get()
    (message,) = mail.outbox
    assert message.to == [staff.email] and "progress against the" in message.subject
    assert "0/8 (0%)" in message.body and "/3 " not in message.body
