"""What a learner does, and the rule that decides when a course is complete.

Every path that records progress (the lesson page, the quiz form, the mobile API, attendance
recorded by a facilitator, the demo) goes through these functions, so the completion rule lives
in one place and completion is decided inside the transaction of the event that met it.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    CompletionRule,
    CourseCompletion,
    CourseLessonPage,
    CoursePage,
    Enrolment,
    LessonProgress,
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


def requirements(course):
    """The live lessons and the quizzes in them, of a course in the default language.

    Cached briefly: every progress event asks, and parsing lesson bodies for quizzes is the
    costly part. Publishing or unpublishing a page clears it (see signals.py).
    """
    key = f"training:requirements:{course.pk}"
    found = cache.get(key)
    if found is not None:
        return found
    result = Requirements()
    for lesson in course.lessons().specific():
        result.lesson_ids.append(lesson.pk)
        for quiz_id in lesson.quiz_ids():
            result.quiz_ids.append(quiz_id)
            result.quiz_lessons[quiz_id] = lesson.pk
    cache.set(key, result, 300)
    return result


def forget_requirements(course_id):
    cache.delete(f"training:requirements:{course_id}")


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


def attended(enrolment):
    from .models import TrainingSession

    return TrainingSession.objects.filter(
        course_id=enrolment.course_id, participants=enrolment.user_id
    ).exists()


def evaluate_completion(enrolment, *, now=None, done=None):
    """Record the completion if the course's rule is now met. Call inside the event's
    transaction, with the enrolment row locked. Returns the completion or None.

    ``done``: the lesson ids already read, when the caller has them (saves a query)."""
    existing = CourseCompletion.objects.filter(enrolment=enrolment).first()
    if existing:
        return existing
    course = enrolment.course
    rule = course.completion_rule
    req = requirements(course)
    online = rule != CompletionRule.ATTENDANCE and online_done(enrolment, req, done)
    room = rule != CompletionRule.ONLINE and attended(enrolment)
    met = {
        CompletionRule.ONLINE: online,
        CompletionRule.ATTENDANCE: room,
        CompletionRule.ONLINE_AND_ATTENDANCE: online and room,
        CompletionRule.ONLINE_OR_ATTENDANCE: online or room,
    }[rule]
    if not met:
        return None
    via = "+".join(name for name, ok in (("online", online), ("attendance", room)) if ok)
    completion = CourseCompletion.objects.create(
        enrolment=enrolment, completed_at=now or timezone.now(), via=via
    )
    from .tasks import issue_certificate

    transaction.on_commit(lambda: issue_certificate.delay(completion.pk))
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


def enrolment_for_lesson(user, lesson):
    """(canonical lesson, the learner's enrolment in its course) or a 403 LearningError."""
    lesson = canonical(lesson)
    for enrolment in Enrolment.objects.filter(user=user).select_related("course"):
        if lesson.path.startswith(enrolment.course.path):
            return lesson, enrolment
    raise LearningError(_("You are not enrolled in this lesson's course."), status=403)


# --- Progress ---------------------------------------------------------------------------------


def complete_lesson(user, lesson, *, at=None):
    """Mark a lesson read; returns (enrolment, completion or None). Idempotent; an earlier
    ``at`` arriving later (out of order) keeps the earliest time."""
    lesson, enrolment = enrolment_for_lesson(user, lesson)
    at = at or timezone.now()
    with transaction.atomic():
        enrolment = locked(enrolment)
        progress, created = LessonProgress.objects.get_or_create(
            enrolment=enrolment, lesson=lesson, defaults={"completed_at": at}
        )
        if not created and at < progress.completed_at:
            progress.completed_at = at
            progress.save(update_fields=["completed_at"])
        touch(enrolment, lesson)
        completion = evaluate_completion(enrolment)
    return enrolment, completion


def touch(enrolment, lesson):
    Enrolment.objects.filter(pk=enrolment.pk).update(
        last_lesson=lesson, last_activity_at=timezone.now()
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
        evaluate_completion(locked(enrolment))


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
    req = req or requirements(enrolment.course)
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
    req = req or requirements(enrolment.course)
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
