"""What a learner does, and the rule that decides when a course is complete.

Every path that records progress (the lesson page, the quiz form, the mobile API, attendance
recorded by a facilitator, the demo) goes through these functions, so the completion rule lives
in one place and completion is decided inside the transaction of the event that met it.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.infrastructure import outbox

from .models import (
    CompletionRule,
    CourseCompletion,
    CourseLessonPage,
    CoursePage,
    Enrolment,
    LessonCourse,
    LessonProgress,
    ProgressEvent,
    QuizAttempt,
    canonical,
)


class LearningError(Exception):
    """A learner's action that is refused; ``status`` is the HTTP status that says why."""

    def __init__(self, message, status=400, field=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field


# --- What a course asks for -------------------------------------------------------------------


@dataclass
class Requirements:
    lesson_ids: list = field(default_factory=list)
    quiz_ids: list = field(default_factory=list)  # canonical quiz pks
    quiz_lessons: dict = field(default_factory=dict)  # quiz pk -> lesson pk
    rule: str = CompletionRule.ONLINE  # the course's completion rule


def requirements(course):
    """The live lessons and the quizzes in them, and the completion rule, of a course in the
    default language (a CoursePage or its pk).

    Cached briefly: every progress event asks, and parsing lesson bodies for quizzes is the
    costly part. Publishing or unpublishing a page clears it (see signals.py).
    """
    course_id = getattr(course, "pk", course)
    key = f"training:requirements:v2:{course_id}"
    found = cache.get(key)
    if found is not None:
        return found
    if not isinstance(course, CoursePage):
        course = CoursePage.objects.get(pk=course_id)
    result = Requirements(rule=course.completion_rule)
    for lesson in course.lessons().specific():
        result.lesson_ids.append(lesson.pk)
        for quiz_id in lesson.quiz_ids():
            result.quiz_ids.append(quiz_id)
            result.quiz_lessons[quiz_id] = lesson.pk
    cache.set(key, result, 300)
    return result


def forget_requirements(course_id):
    cache.delete(f"training:requirements:v2:{course_id}")


# --- Completion -------------------------------------------------------------------------------


def online_done(enrolment, req, done=None):
    if done is None:
        done = set(enrolment.lessons.values_list("lesson_id", flat=True))
    if not set(req.lesson_ids) <= done:
        return False
    if not req.quiz_ids:
        return True
    passed = set(
        enrolment.attempts.filter(passed=True, quiz_id__in=req.quiz_ids).values_list(
            "quiz_id", flat=True
        )
    )
    return set(req.quiz_ids) <= passed


def attended_at(enrolment):
    """When the learner attended a face-to-face session of the course (the earliest), or None.

    A session stores only its date, so attendance counts at the end of that day in the portal's
    time zone: the learner had attended by then whatever time the session ran. A session recorded
    on its own day (or dated ahead) counts from the moment it is recorded, never in the future.
    """
    from .models import TrainingSession

    day = (
        TrainingSession.objects.filter(
            course_id=enrolment.course_id, participants=enrolment.user_id
        )
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )
    if day is None:
        return None
    end_of_day = timezone.make_aware(datetime.combine(day, time.max))
    return min(end_of_day, timezone.now())


def online_done_at(enrolment):
    """When the last online requirement was met: the latest lesson read or quiz passed."""
    times = [
        enrolment.lessons.aggregate(at=Max("completed_at"))["at"],
        enrolment.attempts.filter(passed=True).aggregate(at=Max("submitted_at"))["at"],
    ]
    times = [t for t in times if t is not None]
    return max(times) if times else None


def evaluate_completion(enrolment, *, now=None, done=None, known_incomplete=False):
    """Record the completion if the course's rule is now met. Call inside the event's
    transaction, with the enrolment row locked. Returns the completion or None.

    ``now``: when the online event being recorded happened (default: now). A requirement met by
    attendance counts from the session's day (see attended_at), so a course completed by
    attending is completed on the session's date, not the day it was recorded.
    ``done``: the lesson ids already read, when the caller has them (saves a query).
    ``known_incomplete``: the caller read, under the lock, that there is no completion yet."""
    if not known_incomplete:
        existing = CourseCompletion.objects.filter(enrolment=enrolment).first()
        if existing:
            return existing
    req = requirements(enrolment.course_id)
    rule = req.rule
    online = rule != CompletionRule.ATTENDANCE and online_done(enrolment, req, done)
    room_at = attended_at(enrolment) if rule != CompletionRule.ONLINE else None
    room = room_at is not None
    met = {
        CompletionRule.ONLINE: online,
        CompletionRule.ATTENDANCE: room,
        CompletionRule.ONLINE_AND_ATTENDANCE: online and room,
        CompletionRule.ONLINE_OR_ATTENDANCE: online or room,
    }[rule]
    if not met:
        return None
    via = "+".join(name for name, ok in (("online", online), ("attendance", room)) if ok)
    online_at = (now or timezone.now()) if online else None
    if rule == CompletionRule.ONLINE_AND_ATTENDANCE:
        completed_at = max(online_at, room_at)  # met when the second of the two was
    else:
        completed_at = min(t for t in (online_at, room_at) if t is not None)
    completion = CourseCompletion.objects.create(
        enrolment=enrolment, completed_at=completed_at, via=via
    )
    from .tasks import issue_certificate

    outbox.enqueue(issue_certificate, completion.pk)
    return completion


def locked(enrolment):
    """The enrolment row, locked until the end of the transaction: one learner's concurrent
    events are decided one after the other, so a completion is never missed or doubled.

    ``of=("self",)``: without it PostgreSQL also locks the joined course page row, and every
    learner of a course would wait on every other."""
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("course")
        .get(pk=enrolment.pk)
    )


# --- Enrolment --------------------------------------------------------------------------------


def missing_prerequisites(user, course):
    course = canonical(course)
    missing = []
    for prerequisite in course.prerequisites.all():
        prerequisite = canonical(prerequisite)
        done = CourseCompletion.objects.filter(
            enrolment__user=user, enrolment__course=prerequisite
        ).exists()
        if not done:
            missing.append(prerequisite)
    return missing


def enrol(user, course, *, assigned_by=None, assigned=False):
    """Enrol a learner; self-enrolment needs every prerequisite complete. Idempotent."""
    course = canonical(course.specific if hasattr(course, "specific") else course)
    existing = Enrolment.objects.filter(user=user, course=course).first()
    if existing:
        return existing
    assigned = assigned or assigned_by is not None
    if not assigned:
        missing = missing_prerequisites(user, course)
        if missing:
            raise LearningError(
                _("Complete these courses first: %(courses)s")
                % {"courses": ", ".join(c.localized.title for c in missing)},
                status=403,
            )
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                user=user,
                course=course,
                source=Enrolment.Source.ASSIGNED if assigned else Enrolment.Source.SELF,
                assigned_by=assigned_by,
            )
            if course.completion_rule != CompletionRule.ONLINE:
                evaluate_completion(enrolment)  # they may have attended already
    except IntegrityError:
        enrolment = Enrolment.objects.get(user=user, course=course)
    return enrolment


def lesson_link(lesson_id):
    """(canonical lesson pk, canonical course pk) of a lesson page in any language, or None if
    there is no such lesson or it is in no course. From the LessonCourse table, filled here
    from the page tree on first use."""
    row = (
        LessonCourse.objects.filter(lesson_id=lesson_id)
        .values_list("canonical_lesson_id", "course_id")
        .first()
    )
    if row is not None:
        return row
    lesson = CourseLessonPage.objects.filter(pk=lesson_id).first()
    if lesson is None:
        return None
    lesson = canonical(lesson)
    course = CoursePage.objects.ancestor_of(lesson).first()
    if course is None:
        return None
    course = canonical(course)
    LessonCourse.objects.bulk_create(
        [LessonCourse(lesson_id=lesson_id, canonical_lesson_id=lesson.pk, course_id=course.pk)],
        ignore_conflicts=True,
    )
    return lesson.pk, course.pk


def forget_lesson_links():
    """A course page, module or lesson moved: the table is refilled as lessons are used."""
    LessonCourse.objects.all().delete()


def enrolment_for_lesson(user, lesson):
    """(canonical lesson, the learner's enrolment in its course) or a 403 LearningError."""
    link = lesson_link(lesson.pk)
    enrolment = None
    if link is not None:
        enrolment = (
            Enrolment.objects.filter(user=user, course_id=link[1]).select_related("course").first()
        )
    if enrolment is None:
        raise LearningError(_("You are not enrolled in this lesson's course."), status=403)
    return canonical(lesson), enrolment


# --- Progress ---------------------------------------------------------------------------------


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


ALLOWED_QUIZ_FIELDS = {"csrfmiddlewaretoken"}


def submit_quiz(user, lesson, quiz, data):
    """Score a quiz on the server. ``data`` maps "q_<question id>" to a list of answer ids.

    Refused, writing nothing: a field that is not an answer (a posted score, a learner id), an
    answer to a question not in this quiz or an answer id not in its question, a quiz not in
    this lesson, and an attempt past the limit.
    """
    from .models import Quiz

    lesson = lesson.specific
    if quiz.pk not in lesson.quiz_ids():
        raise LearningError(_("This quiz is not part of this lesson."), status=400)
    questions = {q["id"]: q for q in quiz.question_list()}
    answers = {}
    for key, values in data.items():
        if key in ALLOWED_QUIZ_FIELDS:
            continue
        if not key.startswith("q_"):
            raise LearningError(
                _("Unexpected field: %(field)s") % {"field": key}, status=400, field=key
            )
        question_id = key[2:]
        question = questions.get(question_id)
        if question is None:
            raise LearningError(
                _("Answer to a question that is not in this quiz: %(field)s") % {"field": key},
                status=400,
                field=key,
            )
        valid = {choice["id"] for choice in question["choices"]}
        chosen = [v for v in values if v]
        if not set(chosen) <= valid or (question["kind"] != "multiple" and len(chosen) > 1):
            raise LearningError(
                _("Not an answer to this question: %(field)s") % {"field": key},
                status=400,
                field=key,
            )
        answers[question_id] = sorted(chosen)
    lesson, enrolment = enrolment_for_lesson(user, lesson)
    canonical_quiz = Quiz.objects.get(translation_key=quiz.translation_key, locale=lesson.locale)

    results = {}
    correct = 0
    for question_id, question in questions.items():
        right = sorted(c["id"] for c in question["choices"] if c["correct"])
        ok = answers.get(question_id, []) == right
        correct += ok
        results[question_id] = {"correct": ok, "feedback": question["feedback"]}
    score = round(100 * correct / len(questions)) if questions else 100

    with transaction.atomic():
        enrolment = locked(enrolment)
        attempts = QuizAttempt.objects.filter(enrolment=enrolment, quiz=canonical_quiz)
        if attempts.filter(passed=True).exists():
            raise LearningError(_("You have already passed this quiz."), status=409)
        used = attempts.count()
        if quiz.max_attempts and used >= quiz.max_attempts:
            raise LearningError(_("No attempts left for this quiz."), status=409)
        attempt = QuizAttempt.objects.create(
            enrolment=enrolment,
            quiz=canonical_quiz,
            lesson=lesson,
            number=used + 1,
            score=score,
            passed=score >= quiz.pass_mark,
            answers=answers,
        )
        touch(enrolment, lesson)
        completion = evaluate_completion(enrolment) if attempt.passed else None
    return attempt, results, completion


def record_attendance(session):
    """Enrol (as assigned) every participant and decide their completions, in the session's
    transaction."""
    course = canonical(session.course)
    for user in session.participants.all():
        enrolment, _created = Enrolment.objects.get_or_create(
            user=user,
            course=course,
            defaults={"source": Enrolment.Source.ASSIGNED, "assigned_by": session.recorded_by},
        )
        enrolment = locked(enrolment)
        # The online work, if any, was done before this recording: date it from the records.
        evaluate_completion(enrolment, now=online_done_at(enrolment))


# --- What a learner sees ----------------------------------------------------------------------


def completion_of(enrolment):
    try:
        return enrolment.completion
    except CourseCompletion.DoesNotExist:
        return None


def percent(enrolment, req=None, *, done=None, completed=None):
    """Percent of the online requirements met (each lesson and each quiz counts one); 100 only
    once the course is complete."""
    if completed is None:
        completed = completion_of(enrolment) is not None
    if completed:
        return 100
    req = req or requirements(enrolment.course_id)
    total = len(req.lesson_ids) + len(req.quiz_ids)
    if not total:
        return 0
    if done is None:
        count = enrolment.lessons.filter(lesson_id__in=req.lesson_ids).count()
    else:
        count = len(done & set(req.lesson_ids))
    if req.quiz_ids:
        count += (
            enrolment.attempts.filter(passed=True, quiz_id__in=req.quiz_ids)
            .values("quiz_id")
            .distinct()
            .count()
        )
    return min(99, round(100 * count / total))


def continue_lesson(enrolment, req=None):
    """Where to pick up: the first lesson not read, else the first with a quiz not passed,
    else the last lesson visited."""
    req = req or requirements(enrolment.course_id)
    done = set(enrolment.lessons.values_list("lesson_id", flat=True))
    todo = [pk for pk in req.lesson_ids if pk not in done]
    if not todo:
        passed = set(enrolment.attempts.filter(passed=True).values_list("quiz_id", flat=True))
        todo = [req.quiz_lessons[q] for q in req.quiz_ids if q not in passed]
    if todo:
        return CourseLessonPage.objects.get(pk=todo[0])
    return Enrolment.objects.get(pk=enrolment.pk).last_lesson


def localized(page):
    """The page in the language being shown, if translated and live."""
    return page.localized if page else None


def course_state(user, course):
    state = {"enrolment": None, "percent": 0, "done_lessons": set(), "continue_url": None}
    if not user.is_authenticated:
        return state
    base = canonical(course)
    enrolment = Enrolment.objects.filter(user=user, course=base).select_related("course").first()
    state["missing_prerequisites"] = [c.localized for c in missing_prerequisites(user, base)]
    if enrolment is None:
        return state
    state["enrolment"] = enrolment
    state["completion"] = completion_of(enrolment)
    state["percent"] = percent(enrolment)
    state["done_lessons"] = set(enrolment.lessons.values_list("lesson__translation_key", flat=True))
    nxt = continue_lesson(enrolment)
    state["continue_url"] = localized(nxt).url if nxt else None
    return state


def lesson_state(user, lesson):
    state = {"enrolment": None, "lesson_done": False, "quizzes": {}}
    if not user.is_authenticated:
        return state
    try:
        base, enrolment = enrolment_for_lesson(user, lesson)
    except LearningError:
        return state
    state["enrolment"] = enrolment
    state["lesson_done"] = enrolment.lessons.filter(lesson=base).exists()
    from .models import Quiz

    for quiz_id in lesson.specific.quiz_ids():
        quiz = Quiz.objects.get(pk=quiz_id)
        attempts = list(
            QuizAttempt.objects.filter(
                enrolment=enrolment,
                quiz__translation_key=quiz.translation_key,
            )
        )
        state["quizzes"][quiz_id] = {
            "attempts": attempts,
            "passed": any(a.passed for a in attempts),
            "left": (quiz.max_attempts - len(attempts)) if quiz.max_attempts else None,
            "questions": quiz.question_list(seed=f"{user.pk}:{quiz_id}:{len(attempts)}"),
        }
    return state


def course_for(lesson):
    return CoursePage.objects.ancestor_of(lesson).first()
