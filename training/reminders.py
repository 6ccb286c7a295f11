"""Reminders by e-mail, sent by the worker's beat (``training.tasks.send_reminders``): a course
left unfinished for ``TRAINING_REMINDER_UNFINISHED_DAYS`` days, a certificate that expires
within 30 days, a face-to-face session tomorrow (to those with a place), and once a week to
provincial staff their province's progress against the plan.

Each goes once: its key (what it is about) is a unique ``Reminder`` row written in the
transaction that queues the e-mail through the outbox, so running the beat again, or a worker
restarted mid-run, sends nothing twice. Each e-mail is in the recipient's preferred language;
a person who opted out gets none."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from portal.password_links import absolute, mail_in

from .models import Certificate, Enrolment, Reminder, ReminderOptOut, SessionRegistration
from .refreshers import SOON, add_months


def _send(key, user, template, context):
    """Record the reminder and queue its e-mail, in one transaction; False if sent before."""
    language = user.profile.preferred_language
    with translation.override(language):
        context = {**context, "dashboard": absolute(reverse("training:dashboard"))}
    try:
        with transaction.atomic():
            Reminder.objects.create(key=key, user=user)
            mail_in(
                language,
                [user.email],
                f"training/email/{template}_subject.txt",
                f"training/email/{template}_body.txt",
                {"user": user, **context},
            )
    except IntegrityError:  # this reminder went before
        return False
    return True


def send_due(now=None):
    """Send every reminder due now; returns the keys sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    opted_out = ReminderOptOut.objects.values("user_id")
    sent = []
    idle = now - timedelta(days=settings.TRAINING_REMINDER_UNFINISHED_DAYS)
    stalled = (
        Enrolment.objects.filter(completion__isnull=True, enrolled_at__lte=idle)
        .exclude(last_activity_at__gt=idle)
        .exclude(user_id__in=opted_out)
        .exclude(user__email="")
        .select_related("user__profile", "course")
    )
    for e in stalled:
        last = timezone.localdate(e.last_activity_at or e.enrolled_at)
        key = f"course-unfinished:{e.pk}:{last.isoformat()}"
        if _send(key, e.user, "course_unfinished", {"course": e.course, "since": last}):
            sent.append(key)
    expiring = (
        Certificate.objects.filter(
            completion__enrolment__course__certificate_valid_months__isnull=False
        )
        .exclude(completion__enrolment__user_id__in=opted_out)
        .select_related("completion__enrolment__user__profile", "completion__enrolment__course")
    )
    for c in expiring:
        course = c.completion.enrolment.course
        until = add_months(c.issued_on, course.certificate_valid_months)
        if not today <= until <= today + SOON:
            continue
        key = f"certificate-expiring:{c.code}:{until.isoformat()}"
        user = c.completion.enrolment.user
        if user.email and _send(
            key, user, "certificate_expiring", {"certificate": c, "course": course, "until": until}
        ):
            sent.append(key)
    return sent + _sessions_tomorrow(today, opted_out) + _weekly_progress(today, opted_out)


def _sessions_tomorrow(today, opted_out):
    """Learners with a place at a session held tomorrow (the portal's day), not cancelled. The
    key names the registration and the day, so a session moved to another day is reminded
    again."""
    tomorrow = today + timedelta(days=1)
    registrations = (
        SessionRegistration.objects.filter(
            status=SessionRegistration.Status.PLACE,
            session__date=tomorrow,
            session__published=True,
            session__cancelled_at__isnull=True,
        )
        .exclude(user_id__in=opted_out)
        .exclude(user__email="")
        .select_related("user__profile", "session__course", "session__area")
    )
    sent = []
    for r in registrations:
        key = f"session-tomorrow:{r.pk}:{tomorrow.isoformat()}"
        with translation.override(r.user.profile.preferred_language):
            calendar = absolute(reverse("training:calendar"))
        context = {"session": r.session, "course": r.session.course, "calendar": calendar}
        if _send(key, r.user, "session_tomorrow", context):
            sent.append(key)
    return sent


def _weekly_progress(today, opted_out):
    """Provincial staff: their province's progress against this year's plan, once a week."""
    from django.contrib.auth import get_user_model

    from portal import roles

    from .planning import progress

    year, week, _day = today.isocalendar()
    sent = []
    staff = (
        get_user_model()
        .objects.filter(groups__name=roles.PROVINCIAL_STAFF, is_active=True)
        .exclude(pk__in=opted_out)
        .exclude(email="")
        .select_related("profile")
    )
    for user in staff:
        with translation.override(user.profile.preferred_language):
            rows, _level = progress.build(user, today.year)
        if not rows:
            continue
        key = f"plan-progress:{user.pk}:{year}-W{week:02d}"
        if _send(key, user, "plan_progress", {"rows": rows, "year": today.year}):
            sent.append(key)
    return sent
