"""Quiz attempts: checked, scored, limited, and counted toward completion."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..forms import QuizAnswersForm
from ..models import QuizAttempt
from .completion import evaluate_completion, locked
from .enrolment import enrolment_for_lesson
from .errors import NoAttemptsLeft, NotAnAnswer, QuizAlreadyPassed, QuizNotInLesson, UnexpectedField
from .progress_store import touch


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
