"""Progress: lessons read and events recorded (the portable path and PostgreSQL's fast path)."""

from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    CourseCompletion,
    Enrolment,
    LessonCourse,
    LessonProgress,
    ProgressEvent,
)
from .completion import evaluate_completion
from .enrolment import enrolment_for_lesson, lesson_link
from .errors import LearningError
from .presentation import percent
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


class _Replay(Exception):
    """The event id was already recorded: roll back what this delivery did."""


def _insert_event_sql(event):
    """INSERT … ON CONFLICT (user, client id) DO NOTHING RETURNING id, and its parameters."""
    meta = ProgressEvent._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    params = [f.get_db_prep_save(f.pre_save(event, add=True), connection) for f in fields]
    quote = connection.ops.quote_name
    unique = ", ".join(quote(meta.get_field(n).column) for n in ("user", "client_id"))
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({unique}) DO NOTHING RETURNING {quote(meta.pk.column)}"
    )
    return sql, params


def _insert_event(event):
    """True if stored, False if this id was already there (a replay, or the same id being
    recorded at this moment: the insert waits for that one)."""
    sql, params = _insert_event_sql(event)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _lookup(user_id, lesson_id):
    """One query: (enrolment pk, course pk, canonical lesson pk, a lesson read or None,
    completion pk or None) per lesson read, for the learner's enrolment in the lesson's course.
    Plain SQL: the ORM takes longer to build this query than the database takes to answer it."""
    sql = (
        "SELECT e.id, e.course_id, lc.canonical_lesson_id, lp.lesson_id, cc.id "
        f"FROM {_table(LessonCourse)} lc "
        f"JOIN {_table(Enrolment)} e ON e.course_id = lc.course_id AND e.user_id = %s "
        f"LEFT JOIN {_table(LessonProgress)} lp ON lp.enrolment_id = e.id "
        f"LEFT JOIN {_table(CourseCompletion)} cc ON cc.enrolment_id = e.id "
        "WHERE lc.lesson_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id, lesson_id])
        return cursor.fetchall()


def _record_simple(event, earliest):
    """Store an event that cannot change completion (a view, or a lesson read again), with the
    enrolment's last activity and, if ``earliest``, the lesson's earlier completion time. True if
    stored, False for a replay (nothing written).

    On PostgreSQL one statement in autocommit: INSERT … ON CONFLICT DO NOTHING and the UPDATEs
    in data-modifying CTEs that only act if the INSERT did: atomic, one round trip, one commit.
    Elsewhere (SQLite) the same in a transaction."""
    now = timezone.now()
    if connection.vendor != "postgresql":
        try:
            with transaction.atomic():
                touch(event.enrolment_id, event.lesson_id)
                if earliest:
                    LessonProgress.objects.filter(
                        enrolment_id=event.enrolment_id,
                        lesson_id=event.lesson_id,
                        completed_at__gt=event.occurred_at,
                    ).update(completed_at=event.occurred_at)
                if not _insert_event(event):
                    raise _Replay
        except _Replay:
            return False
        return True
    insert, params = _insert_event_sql(event)
    sql = (
        f"WITH ins AS ({insert}), "
        f"touched AS (UPDATE {_table(Enrolment)} SET last_lesson_id = %s, last_activity_at = %s "
        "WHERE id = %s AND EXISTS (SELECT 1 FROM ins) RETURNING 1)"
    )
    params += [event.lesson_id, now, event.enrolment_id]
    if earliest:
        sql += (
            f", earlier AS (UPDATE {_table(LessonProgress)} SET completed_at = %s "
            "WHERE enrolment_id = %s AND lesson_id = %s AND completed_at > %s "
            "AND EXISTS (SELECT 1 FROM ins) RETURNING 1)"
        )
        at = event.occurred_at
        params += [at, event.enrolment_id, event.lesson_id, at]
    sql += " SELECT id FROM ins"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


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


def record_event(user, client_id, lesson_id, kind, occurred_at):
    """Record one progress event from the mobile app, once per (learner, client id).

    Returns (status, result): 201 and the result for a new event, 200 and the stored result of
    the first delivery for a replay. Raises a 403 LearningError for a lesson outside the
    learner's enrolments, and a 409 one (field "id", nothing written) for an id already used
    for a different event (another lesson, type or time: the same instant in another UTC offset
    is the same event). Out of order is fine: a lesson keeps its earliest completion time.

    Two paths. An event that cannot change completion — a view, or a lesson already read — is
    two queries on PostgreSQL (the lookup, then one statement writing the event and the
    enrolment's last activity; see _record_simple) and takes no lock beyond its own rows. A
    lesson read for the first time locks the learner's enrolment row (the UPDATE of its last
    activity does that) and reads the enrolment again before deciding completion, so that
    concurrent events of one learner decide it one after the other: none missed, none doubled.

    ``occurred_at`` lies in event_time_window(): the API's schema refuses any other time.
    """
    rows = _lookup(user.pk, lesson_id)
    if not rows and lesson_link(lesson_id) is not None:  # fills the table for a new lesson
        rows = _lookup(user.pk, lesson_id)
    if not rows:
        raise LearningError(_("You are not enrolled in this lesson's course."), status=403)
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
            if not _record_simple(event, earliest=completes):
                raise _Replay
            return 201, event.result
        with transaction.atomic():
            done, completion_id, _made = read_lesson(enrolment, lesson_id, occurred_at)
            event.result = result()
            # Last, so that a duplicate id rolls back everything above with it.
            if not _insert_event(event):
                raise _Replay
            return 201, event.result
    except _Replay:
        # The stored result is read here anyway: comparing the event with it adds no query, and
        # a first delivery never comes this way.
        stored = (
            ProgressEvent.objects.filter(user_id=user.pk, client_id=client_id)
            .values_list("result", "lesson_id", "kind", "occurred_at")
            .first()
        )
        if stored is not None and stored[1:] != (lesson_id, kind, _aware(occurred_at)):
            raise LearningError(
                _("id %(id)s was already used for a different event; give a new event a new id")
                % {"id": client_id},
                status=409,
                field="id",
            ) from None
        return 200, stored[0] if stored else None


def _aware(moment):
    """A naive time as the database stored it: in the portal's time zone."""
    if timezone.is_naive(moment):
        return timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def touch(enrolment, lesson):
    Enrolment.objects.filter(pk=getattr(enrolment, "pk", enrolment)).update(
        last_lesson_id=getattr(lesson, "pk", lesson), last_activity_at=timezone.now()
    )
