"""Progress: lessons read and events recorded. How an event is written (portably, or by
PostgreSQL's fast path) is the store's business: progress_store.py."""

from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Enrolment, LessonProgress, ProgressEvent
from .completion import evaluate_completion
from .enrolment import enrolment_for_lesson, lesson_link
from .errors import EventIdReused, NotEnrolled
from .presentation import percent
from .progress_store import Replay, progress_store, touch
from .requirements import requirements


def complete_lesson(user, lesson, *, at=None):
    """Mark a lesson read on the website; returns (enrolment, the completion this reading made,
    or None). Idempotent; an earlier ``at`` arriving later (out of order) keeps the earliest
    time."""
    lesson, enrolment = enrolment_for_lesson(user, lesson)
    with transaction.atomic():
        _done, _completion_id, completion = read_lesson(enrolment, lesson.pk, at or timezone.now())
    return enrolment, completion


def read_lesson(enrolment, lesson_id, at):
    """Record that the learner read a lesson at ``at``, and decide the course's completion.

    The one place a lesson is recorded as read, for the website and the app alike. Call inside
    a transaction: the first statement locks the enrolment row until it ends (the last-activity
    UPDATE), and the lessons read and the completion are read under that lock, so concurrent
    readings by one learner are decided one after the other: no completion missed or doubled.
    A lesson read again keeps its earliest time. Returns (the lesson ids read, the completion's
    id or None, the completion this reading made or None)."""
    touch(enrolment.pk, lesson_id)
    fresh = list(
        Enrolment.objects.filter(pk=enrolment.pk).values_list(
            "lessons__lesson_id", "lessons__completed_at", "completion__id"
        )
    )
    completed_at = {pk: when for pk, when, _c in fresh if pk is not None}
    completion_id = fresh[0][2]
    if lesson_id not in completed_at:
        LessonProgress.objects.create(
            enrolment_id=enrolment.pk, lesson_id=lesson_id, completed_at=at
        )
        completed_at[lesson_id] = at
    elif at < completed_at[lesson_id]:
        LessonProgress.objects.filter(enrolment_id=enrolment.pk, lesson_id=lesson_id).update(
            completed_at=at
        )
    made = None
    if completion_id is None:
        made = evaluate_completion(enrolment, done=set(completed_at), known_incomplete=True)
        completion_id = made.pk if made else None
    return set(completed_at), completion_id, made


#: The times a progress event may carry: none before 2000-01-01 00:00 UTC, none more than a day
#: ahead of the server's clock (a phone's clock may run a little fast). A time outside is a wrong
#: clock, not an event; a date like year 1 at +14:00 is also outside what the database can
#: store or read back.
EVENT_TIME_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


EVENT_TIME_AHEAD = timedelta(days=1)


def event_time_window(now=None):
    """(earliest, latest): the times an event may have occurred at, as the server sees now."""
    return EVENT_TIME_EARLIEST, (now or timezone.now()) + EVENT_TIME_AHEAD


def in_event_time_window(moment):
    """True if an event's time (naive: in the portal's time zone) lies in event_time_window."""
    earliest, latest = event_time_window()
    return earliest <= _aware(moment) <= latest


class RecordedEvent(NamedTuple):
    """What record_event did: ``result`` is the event's result (the stored one for a replay);
    ``replay`` is True when the id was recorded before and nothing was written now."""

    result: dict
    replay: bool


def record_event(user, client_id, lesson_id, kind, occurred_at):
    """Record one progress event from the mobile app, once per (learner, client id).

    Returns a RecordedEvent: the result of a new event, or for a replay the stored result of
    the first delivery. Raises NotEnrolled for a lesson outside the learner's enrolments, and
    EventIdReused (field "id", nothing written) for an id already used for a different event
    (another lesson, type or time: the same instant in another UTC offset is the same event).
    Out of order is fine: a lesson keeps its earliest completion time.

    Two paths. An event that cannot change completion — a view, or a lesson already read — is
    two queries on PostgreSQL (the lookup, then one statement writing the event and the
    enrolment's last activity; see PostgreSQLProgressStore) and takes no lock beyond its own rows. A
    lesson read for the first time locks the learner's enrolment row (the UPDATE of its last
    activity does that) and reads the enrolment again before deciding completion, so that
    concurrent events of one learner decide it one after the other: none missed, none doubled.

    ``occurred_at`` lies in event_time_window(): the API's schema refuses any other time.
    """
    store = progress_store()
    rows = store.lookup(user.pk, lesson_id)
    if not rows and lesson_link(lesson_id) is not None:  # fills the table for a new lesson
        rows = store.lookup(user.pk, lesson_id)
    if not rows:
        raise NotEnrolled(_("You are not enrolled in this lesson's course."))
    enrolment_id, course_id, lesson_id = rows[0][:3]
    done = {row[3] for row in rows if row[3] is not None}
    completion_id = rows[0][4]
    enrolment = Enrolment(pk=enrolment_id, user_id=user.pk, course_id=course_id)
    req = requirements(course_id)
    event = ProgressEvent(
        user_id=user.pk,
        client_id=client_id,
        enrolment_id=enrolment_id,
        lesson_id=lesson_id,
        kind=kind,
        occurred_at=occurred_at,
    )

    def result():
        completed = completion_id is not None
        return {
            "id": str(client_id),
            "recorded": True,
            "lesson": lesson_id,
            "course": course_id,
            "course_percent": percent(enrolment, req, done=done, completed=completed),
            "course_completed": completed,
        }

    completes = kind == ProgressEvent.Kind.COMPLETED
    try:
        if not completes or lesson_id in done:
            event.result = result()
            if not store.record_simple(event, earliest=completes):
                raise Replay
            return RecordedEvent(event.result, replay=False)
        with transaction.atomic():
            done, completion_id, _made = read_lesson(enrolment, lesson_id, occurred_at)
            event.result = result()
            # Last, so that a duplicate id rolls back everything above with it.
            store.insert_event(event)
            return RecordedEvent(event.result, replay=False)
    except Replay:
        # The stored result is read here anyway: comparing the event with it adds no query, and
        # a first delivery never comes this way.
        stored = (
            ProgressEvent.objects.filter(user_id=user.pk, client_id=client_id)
            .values_list("result", "lesson_id", "kind", "occurred_at")
            .first()
        )
        if stored is not None and stored[1:] != (lesson_id, kind, _aware(occurred_at)):
            raise EventIdReused(
                _("id %(id)s was already used for a different event; give a new event a new id")
                % {"id": client_id},
                field="id",
            ) from None
        return RecordedEvent(stored[0] if stored else None, replay=True)


def _aware(moment):
    """A naive time as the database stored it: in the portal's time zone."""
    if timezone.is_naive(moment):
        return timezone.make_aware(moment, timezone.get_default_timezone())
    return moment
