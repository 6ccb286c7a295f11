"""The learning services raise what they refuse; the one table at the edge gives each its
status, and every kind of refusal is in it."""

import uuid
from datetime import UTC, datetime

import pytest

from training import learning
from training.learning import (
    EventIdReused,
    LearningError,
    NoAttemptsLeft,
    NotAnAnswer,
    NotEnrolled,
    PrerequisitesMissing,
    QuizAlreadyPassed,
    QuizNotInLesson,
    UnexpectedField,
    enrol,
    record_event,
    submit_quiz,
)
from training.refusals import STATUSES, status_of

from .conftest import answers, build_course

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)


def kinds(base=LearningError):
    for kind in base.__subclasses__():
        yield kind
        yield from kinds(kind)


def test_every_kind_of_refusal_has_a_status_in_the_table():
    assert {kind for kind in kinds() if kind.__module__.startswith("training.")} == (
        set(STATUSES) | {learning.QuizClosed, learning.OverrideRefused}
    )
    assert {kind.__name__: status_of(kind("x")) for kind in kinds()} == {
        "UnexpectedField": 400,
        "QuizNotInLesson": 400,
        "NotAnAnswer": 400,
        "NotEnrolled": 403,
        "PrerequisitesMissing": 403,
        "QuizClosed": 400,  # never raised itself: its two kinds are
        "QuizAlreadyPassed": 409,
        "NoAttemptsLeft": 409,
        "EventIdReused": 409,
        "OverrideRefused": 400,  # never raised itself: its four kinds are
        "ReasonMissing": 400,
        "OutOfScope": 403,
        "AlreadyComplete": 409,
        "AlreadyUndone": 409,
        "SessionClosed": 409,
        "SessionFull": 409,
        "AlreadyRegistered": 409,
        "NotYourRegistration": 403,
    }


def test_a_refusal_carries_no_status_of_its_own():
    error = NotEnrolled("no")
    assert not hasattr(error, "status")
    assert (error.message, error.field) == ("no", None)


def test_recording_an_event_raises_what_it_refuses(home, learner, make_user):
    c = build_course(home, slug="refusals", with_quiz=False, lessons=1)
    lesson = c.lessons[0].pk
    with pytest.raises(NotEnrolled):
        record_event(learner, uuid.uuid4(), lesson, "lesson_viewed", WHEN)
    enrol(learner, c.course)
    first = uuid.uuid4()
    recorded = record_event(learner, first, lesson, "lesson_viewed", WHEN)
    assert recorded.replay is False and recorded.result["lesson"] == lesson
    again = record_event(learner, first, lesson, "lesson_viewed", WHEN)
    assert again.replay is True and again.result == recorded.result
    with pytest.raises(EventIdReused) as reused:
        record_event(learner, first, lesson, "lesson_completed", WHEN)
    assert reused.value.field == "id" and str(first) in reused.value.message


def test_quizzes_and_enrolment_raise_what_they_refuse(home, learner):
    first = build_course(home, slug="first")
    second = build_course(home, slug="second")
    second.course.prerequisites.add(first.course)
    second.course.save_revision().publish()
    with pytest.raises(PrerequisitesMissing):
        enrol(learner, second.course)
    lesson, quiz = first.lessons[-1], first.quiz
    with pytest.raises(NotEnrolled):
        submit_quiz(learner, lesson, quiz, answers(quiz))
    enrol(learner, first.course)
    with pytest.raises(QuizNotInLesson):
        submit_quiz(learner, first.lessons[0], quiz, answers(quiz))
    with pytest.raises(UnexpectedField) as unexpected:
        submit_quiz(learner, lesson, quiz, {**answers(quiz), "score": ["100"]})
    assert unexpected.value.field == "score"
    with pytest.raises(NotAnAnswer):
        submit_quiz(learner, lesson, quiz, {"q_not-a-question": ["x"]})
    for _ in range(quiz.max_attempts):
        submit_quiz(learner, lesson, quiz, answers(quiz, right=False))
    with pytest.raises(NoAttemptsLeft):
        submit_quiz(learner, lesson, quiz, answers(quiz))


def test_a_passed_quiz_is_closed(home, learner):
    c = build_course(home, slug="passed")
    enrol(learner, c.course)
    submit_quiz(learner, c.lessons[-1], c.quiz, answers(c.quiz))
    with pytest.raises(QuizAlreadyPassed):
        submit_quiz(learner, c.lessons[-1], c.quiz, answers(c.quiz))
