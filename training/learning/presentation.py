"""What a learner sees: percent done, where to continue, a course's and a lesson's state."""

from wagtail.models import Locale

from ..models import (
    CourseCompletion,
    CourseLessonPage,
    CoursePage,
    Enrolment,
    Quiz,
    QuizAttempt,
    canonical,
    default_locale_id,
    in_locale,
)
from .enrolment import enrolment_for_lesson, missing_prerequisites
from .errors import NotEnrolled
from .requirements import requirements


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


def started(enrolment):
    """True once the learner read a lesson or tried a quiz: before that it is "start", not
    "continue where you left off"."""
    return enrolment.lessons.exists() or enrolment.attempts.exists()


def recommended_courses(user, limit=3):
    """Live courses for the learner's actor type (in the language shown) they are not enrolled
    in: the next step after signing up, and on an empty dashboard."""
    profile = getattr(user, "profile", None)
    if profile is None or not profile.actor_type_id:
        return []
    enrolled = Enrolment.objects.filter(user=user).values("course_id")
    # Tags may be either language's rows: matched by code, on the default-language course,
    # which is what enrolments point at.
    courses = (
        CoursePage.objects.live()
        .filter(locale_id=default_locale_id(), actor_types__code=profile.actor_type.code)
        .exclude(pk__in=enrolled)
        .distinct()
        .order_by("path")[:limit]
    )
    return [shown for shown in (c.localized for c in courses) if shown.live]


def outline_quizzes(base, enrolment=None):
    """The course's quizzes for its outline, by the translation key of the lesson holding each:
    {key: [{"quiz", "passed", "attempts"}]}, each quiz in the language shown when translated."""
    req = requirements(base)
    keys = dict(
        CourseLessonPage.objects.filter(pk__in=req.quiz_lessons.values()).values_list(
            "pk", "translation_key"
        )
    )
    attempts = {}
    if enrolment is not None:
        for attempt in enrolment.attempts.all():
            attempts.setdefault(attempt.quiz_id, []).append(attempt)
    quizzes = {}
    found = list(Quiz.objects.filter(pk__in=req.quiz_ids))
    # Each in the language shown where translated: one query for all of them, none when they
    # are all in it already.
    shown = dict(zip(found, in_locale(found, Locale.get_active().pk), strict=True))
    for quiz in found:
        tried = attempts.get(quiz.pk, [])
        quizzes.setdefault(keys.get(req.quiz_lessons[quiz.pk]), []).append(
            {
                "quiz": shown[quiz],
                "passed": any(a.passed for a in tried),
                "attempts": len(tried),
            }
        )
    return quizzes


def course_state(user, course):
    state = {"enrolment": None, "percent": 0, "done_lessons": set(), "continue_url": None}
    try:
        base = canonical(course)
    except CoursePage.DoesNotExist:  # only in another language: nothing recorded against it
        return state
    if not user.is_authenticated:
        state["outline_quizzes"] = outline_quizzes(base)
        return state
    enrolment = Enrolment.objects.filter(user=user, course=base).select_related("course").first()
    state["missing_prerequisites"] = [c.localized for c in missing_prerequisites(user, base)]
    state["outline_quizzes"] = outline_quizzes(base, enrolment)
    if enrolment is None:
        return state
    state["enrolment"] = enrolment
    state["completion"] = completion_of(enrolment)
    state["percent"] = percent(enrolment)
    state["done_lessons"] = set(enrolment.lessons.values_list("lesson__translation_key", flat=True))
    nxt = continue_lesson(enrolment)
    state["continue_url"] = localized(nxt).url if nxt else None
    state["started"] = started(enrolment)
    # Every lesson read, a quiz not passed: say so, or the learner sees ticks and 80 % and
    # no reason.
    req = requirements(base)
    read = set(enrolment.lessons.values_list("lesson_id", flat=True))
    if state["completion"] is None and set(req.lesson_ids) <= read:
        state["quizzes_missing"] = [
            item
            for items in state["outline_quizzes"].values()
            for item in items
            if not item["passed"]
        ]
    return state


def lesson_state(user, lesson):
    state = {"enrolment": None, "lesson_done": False, "quizzes": {}}
    if not user.is_authenticated:
        return state
    try:
        base, enrolment = enrolment_for_lesson(user, lesson)
    except NotEnrolled:
        return state
    state["enrolment"] = enrolment
    state["lesson_done"] = enrolment.lessons.filter(lesson=base).exists()

    for quiz_id in lesson.specific.quiz_ids():
        quiz = Quiz.objects.get(pk=quiz_id)
        attempts = list(
            QuizAttempt.objects.filter(
                enrolment=enrolment,
                quiz__translation_key=quiz.translation_key,
            )
        )
        passed = any(a.passed for a in attempts)
        left = (quiz.max_attempts - len(attempts)) if quiz.max_attempts else None
        state["quizzes"][quiz_id] = {
            "attempts": attempts,
            "passed": passed,
            "left": left,
            # The right answers only once they can no longer help pass: after the last attempt
            # (and only if the course allows it), never while attempts are left.
            "reveal": left == 0 and not passed and enrolment.course.reveal_quiz_answers,
            "questions": quiz.question_list(seed=f"{user.pk}:{quiz_id}:{len(attempts)}"),
        }
    return state


def course_for(lesson):
    return CoursePage.objects.ancestor_of(lesson).first()
