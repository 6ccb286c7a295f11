"""Quiz attempts: checked, scored, limited, and counted toward completion."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..forms import QuizAnswersForm
from ..models import CourseLessonPage, ProgressEvent, QuizAttempt
from .completion import evaluate_completion, locked
from .enrolment import enrolment_for_lesson
from .errors import (
    EventIdReused,
    NoAttemptsLeft,
    NotAnAnswer,
    NotEnrolled,
    QuizAlreadyPassed,
    QuizClosed,
    QuizNotInLesson,
    UnexpectedField,
)
from .presentation import completion_of, percent
from .progress import RecordedEvent, _aware
from .progress_store import Replay, progress_store, touch


def submit_quiz(user, lesson, quiz, data):
    """Score a quiz on the server. ``data`` maps "q_<question id>" to a list of answer ids.

    Refused, writing nothing: a quiz not in this lesson; answers QuizAnswersForm refuses (a
    field that is not an answer, such as a posted score or a learner id, an answer to a
    question not in this quiz, an answer id not in its question); an attempt past the limit.
    """
    from ..models import Quiz

    lesson = lesson.specific
    if quiz.pk not in lesson.quiz_ids():
        raise QuizNotInLesson(_("This quiz is not part of this lesson."))
    form = QuizAnswersForm(quiz, data)
    if not form.is_valid():
        field, message, unexpected = form.first_error()
        raise (UnexpectedField if unexpected else NotAnAnswer)(message, field=field)
    answers = form.answers()
    questions = {q["id"]: q for q in quiz.question_list()}
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
            raise QuizAlreadyPassed(_("You have already passed this quiz."))
        used = attempts.count()
        if quiz.max_attempts and used >= quiz.max_attempts:
            raise NoAttemptsLeft(_("No attempts left for this quiz."))
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


def record_quiz_event(user, client_id, lesson_id, quiz_id, answers, occurred_at):
    """Score a quiz answered offline, once per (learner, client id): the ``quiz_answered``
    event an offline client replays when the connection returns.

    Scored now, by submit_quiz, with its rules (the attempt limit and pass mark as they are
    when the event arrives; a quiz already passed is refused). The attempt and the event are
    written in one transaction, so a replay (the same id again: a lost response, a second tab,
    a reload in the middle of sending) returns the first delivery's result and adds no attempt.
    Raises what submit_quiz raises, NotEnrolled for a lesson that is not live or not in the
    learner's courses, and EventIdReused for an id already used for another event."""
    from ..models import Quiz

    def stored():
        row = (
            ProgressEvent.objects.filter(user_id=user.pk, client_id=client_id)
            .values_list("result", "kind", "occurred_at")
            .first()
        )
        if row is None:
            return None
        result, kind, at = row
        if (kind, result.get("quiz"), at) != (
            ProgressEvent.Kind.QUIZ,
            quiz_id,
            _aware(occurred_at),
        ):
            raise EventIdReused(
                _("id %(id)s was already used for a different event; give a new event a new id")
                % {"id": client_id},
                field="id",
            )
        return RecordedEvent(result, replay=True)

    replay = stored()
    if replay:
        return replay
    lesson = CourseLessonPage.objects.filter(pk=lesson_id, live=True).first()
    if lesson is None:
        raise NotEnrolled(_("You are not enrolled in this lesson's course."))
    quiz = Quiz.objects.filter(pk=quiz_id).first()
    if quiz is None:
        raise QuizNotInLesson(_("This quiz is not part of this lesson."))
    try:
        with transaction.atomic():
            attempt, _results, completion = submit_quiz(user, lesson, quiz, answers)
            enrolment = attempt.enrolment
            left = None
            if quiz.max_attempts:
                left = 0 if attempt.passed else max(0, quiz.max_attempts - attempt.number)
            completed = completion is not None or completion_of(enrolment) is not None
            result = {
                "id": str(client_id),
                "recorded": True,
                "lesson": attempt.lesson_id,
                "course": enrolment.course_id,
                "course_percent": percent(enrolment, completed=completed),
                "course_completed": completed,
                "quiz": quiz_id,
                "attempt": attempt.number,
                "score": attempt.score,
                "passed": attempt.passed,
                "attempts_left": left,
            }
            event = ProgressEvent(
                user_id=user.pk,
                client_id=client_id,
                enrolment_id=enrolment.pk,
                lesson_id=attempt.lesson_id,
                kind=ProgressEvent.Kind.QUIZ,
                occurred_at=occurred_at,
                result=result,
            )
            # Last, so that a concurrent delivery of the same id rolls the attempt back with it.
            progress_store().insert_event(event)
            return RecordedEvent(result, replay=False)
    except (Replay, QuizClosed):
        # Another delivery of this id won the race (its attempt may be why this one is closed).
        replay = stored()
        if replay:
            return replay
        raise
