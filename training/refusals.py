"""The HTTP status of each refusal of the learning services: the one table, read at the edge
by the API's router and by the learner's pages. The services raise what was refused
(training/learning/errors.py) and know nothing of HTTP."""

from .learning import (
    AlreadyComplete,
    AlreadyRegistered,
    AlreadyUndone,
    EventIdReused,
    LearningError,
    NoAttemptsLeft,
    NotAnAnswer,
    NotEnrolled,
    NotYourRegistration,
    OutOfScope,
    PrerequisitesMissing,
    QuizAlreadyPassed,
    QuizNotInLesson,
    ReasonMissing,
    SessionClosed,
    SessionFull,
    UnexpectedField,
)

STATUSES = {
    # The request itself is wrong: the client must change it.
    UnexpectedField: 400,
    QuizNotInLesson: 400,
    NotAnAnswer: 400,
    ReasonMissing: 400,
    # Not this learner's to do.
    NotEnrolled: 403,
    PrerequisitesMissing: 403,
    OutOfScope: 403,
    NotYourRegistration: 403,
    # It clashes with what is already recorded.
    QuizAlreadyPassed: 409,
    NoAttemptsLeft: 409,
    EventIdReused: 409,
    AlreadyComplete: 409,
    AlreadyUndone: 409,
    SessionClosed: 409,
    SessionFull: 409,
    AlreadyRegistered: 409,
}


def status_of(error: LearningError) -> int:
    """The status that says why ``error`` was refused (its nearest class in STATUSES)."""
    for kind in type(error).__mro__:
        if kind in STATUSES:
            return STATUSES[kind]
    return 400
