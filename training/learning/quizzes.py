"""Quiz attempts: checked, scored, limited, and counted toward completion."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    QuizAttempt,
)
from .completion import evaluate_completion, locked
from .enrolment import enrolment_for_lesson
from .errors import NoAttemptsLeft, NotAnAnswer, QuizAlreadyPassed, QuizNotInLesson, UnexpectedField
from .progress_store import touch

ALLOWED_QUIZ_FIELDS = {"csrfmiddlewaretoken"}


def submit_quiz(user, lesson, quiz, data):
    """Score a quiz on the server. ``data`` maps "q_<question id>" to a list of answer ids.

    Refused, writing nothing: a field that is not an answer (a posted score, a learner id), an
    answer to a question not in this quiz or an answer id not in its question, a quiz not in
    this lesson, and an attempt past the limit.
    """
    from ..models import Quiz

    lesson = lesson.specific
    if quiz.pk not in lesson.quiz_ids():
        raise QuizNotInLesson(_("This quiz is not part of this lesson."))
    questions = {q["id"]: q for q in quiz.question_list()}
    answers = {}
    for key, values in data.items():
        if key in ALLOWED_QUIZ_FIELDS:
            continue
        if not key.startswith("q_"):
            raise UnexpectedField(_("Unexpected field: %(field)s") % {"field": key}, field=key)
        question_id = key[2:]
        question = questions.get(question_id)
        if question is None:
            raise NotAnAnswer(
                _("Answer to a question that is not in this quiz: %(field)s") % {"field": key},
                field=key,
            )
        valid = {choice["id"] for choice in question["choices"]}
        chosen = [v for v in values if v]
        if not set(chosen) <= valid or (question["kind"] != "multiple" and len(chosen) > 1):
            raise NotAnAnswer(
                _("Not an answer to this question: %(field)s") % {"field": key}, field=key
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
