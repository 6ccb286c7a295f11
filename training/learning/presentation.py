"""What a learner sees: percent done, where to continue, a course's and a lesson's state."""

from ..models import (
    CourseCompletion,
    CourseLessonPage,
    CoursePage,
    Enrolment,
    QuizAttempt,
    canonical,
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
    except NotEnrolled:
        return state
    state["enrolment"] = enrolment
    state["lesson_done"] = enrolment.lessons.filter(lesson=base).exists()
    from ..models import Quiz

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
