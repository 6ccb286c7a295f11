"""What the training calendar lists, for every place that shows it: the calendar page
(calendar_views.py), the learner's dashboard (views.py) and the API (api/). The published
sessions with their places, a learner's registrations with their place on the waiting list, each
session's course in the language shown and its address in the calendar, each in a bounded number
of queries whatever the number of rows.

What registering and cancelling do is training.learning.registration's."""

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from portal.models import AdministrativeArea

from .models import CoursePage, SessionRegistration, TrainingSession

PLACE = SessionRegistration.Status.PLACE
WAITING = SessionRegistration.Status.WAITING
# A session's place, up to its province: AdministrativeArea.path_label reads the parents.
AREA = ("area__province", "area__parent__parent")


def provinces():
    return AdministrativeArea.objects.filter(parent__isnull=True).order_by("code")


def with_counts(sessions):
    """Sessions with ``taken`` (places registered) and ``waiting`` (on the waiting list)."""
    return sessions.annotate(
        taken=Count("registrations", filter=Q(registrations__status=PLACE)),
        waiting=Count("registrations", filter=Q(registrations__status=WAITING)),
    )


def published(today=None):
    """The calendar's sessions from ``today`` on (cancelled ones too, marked so), soonest first."""
    today = today or timezone.localdate()
    return (
        TrainingSession.objects.filter(published=True, date__gte=today)
        .select_related("course", *AREA)
        # All-day sessions first on every database (PostgreSQL puts NULLs last, SQLite first).
        .order_by("date", F("start_time").asc(nulls_first=True), "pk")
    )


def courses_shown(sessions):
    """Give each session ``shown_course``: its course's live translation in the language shown,
    else the course itself. One query for all of them, none when they are all in it already."""
    sessions = list(sessions)
    locale_id = Locale.get_active().pk
    keys = {s.course.translation_key for s in sessions if s.course.locale_id != locale_id}
    translated = {}
    if keys:
        translated = {
            page.translation_key: page
            for page in CoursePage.objects.live().filter(
                translation_key__in=keys, locale_id=locale_id
            )
        }
    for session in sessions:
        session.shown_course = translated.get(session.course.translation_key, session.course)
    return sessions


def calendar_url(session):
    """The session in the calendar, in the language shown: its province's sessions of its course,
    at the session's entry."""
    query = f"?province={session.area.province.code}&course={session.course_id}"
    return f"{reverse('training:calendar')}{query}#session-{session.pk}"


def _ahead_on_the_list():
    """How many registrations wait ahead of the outer one on its session's waiting list."""
    ahead = (
        SessionRegistration.objects.filter(session_id=OuterRef("session_id"), status=WAITING)
        .filter(
            Q(registered_at__lt=OuterRef("registered_at"))
            | Q(registered_at=OuterRef("registered_at"), pk__lt=OuterRef("pk"))
        )
        .values("session_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0))


def registrations_of(user, *, past=False, today=None):
    """``user``'s registrations for the sessions to come (``past``: for those held, the latest
    first), soonest first, with their sessions, courses and places. A registration on a waiting
    list has ``position``, its number on it (1: the next to get a place); one query for all."""
    today = today or timezone.localdate()
    rows = SessionRegistration.objects.filter(user=user).select_related(
        "session__course", *(f"session__{path}" for path in AREA)
    )
    if past:
        return rows.filter(session__date__lt=today).order_by(
            "-session__date", F("session__start_time").desc(nulls_last=True), "-pk"
        )
    return (
        rows.filter(session__date__gte=today)
        .annotate(position=_ahead_on_the_list() + 1)
        .order_by("session__date", F("session__start_time").asc(nulls_first=True), "pk")
    )


def my_registrations(user):
    """A learner's registrations for sessions not yet held, each with ``position`` on the waiting
    list when waiting, and its session's course in the language shown (``shown_course``)."""
    if not user.is_authenticated:
        return []
    rows = list(registrations_of(user))
    courses_shown([r.session for r in rows])
    return rows
