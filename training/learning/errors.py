"""What the learning services refuse, each refusal a kind of its own.

The services say *what* was refused; which HTTP status says so is chosen at the edge, in one
table (training/refusals.py) read by the API and the learner's pages alike.
"""


class LearningError(Exception):
    """A learner's action that is refused. ``message`` says why in the active language;
    ``field`` names the input at fault, when there is one."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class UnexpectedField(LearningError):
    """A posted field the action does not take (a forged learner id, a score)."""


class QuizNotInLesson(LearningError):
    """The quiz is not part of the lesson it was answered on."""


class NotAnAnswer(LearningError):
    """An answer to a question that is not in the quiz, or a choice that is not one of the
    question's (or several for a question that takes one)."""


class NotEnrolled(LearningError):
    """The lesson's course is not one the learner is enrolled in (or there is no such lesson)."""


class PrerequisitesMissing(LearningError):
    """Self-enrolment in a course whose prerequisite courses the learner has not completed."""


class QuizClosed(LearningError):
    """No further attempt at this quiz is taken."""


class QuizAlreadyPassed(QuizClosed):
    """The learner has passed this quiz already."""


class NoAttemptsLeft(QuizClosed):
    """The learner has used every attempt the quiz allows."""


class EventIdReused(LearningError):
    """A progress event's client-generated id was already used for a different event (another
    lesson, type or time); ``field`` is ``"id"``. Nothing is written."""


class OverrideRefused(LearningError):
    """Staff marking a course complete for a learner, or undoing it, refused: nothing is
    written."""


class ReasonMissing(OverrideRefused):
    """No reason given: an override and its undoing each need one."""


class OutOfScope(OverrideRefused):
    """The learner is not placed where the staff member acts (portal.access)."""


class AlreadyComplete(OverrideRefused):
    """The learner has completed the course already (by their own work or by staff)."""


class AlreadyUndone(OverrideRefused):
    """The override was undone before."""


class SessionClosed(LearningError):
    """The face-to-face session takes no registration: it was cancelled, or it has been held."""


class SessionFull(LearningError):
    """Every place of the session is taken and the learner did not ask for its waiting list."""


class AlreadyRegistered(LearningError):
    """The learner is registered for this session already (a place or the waiting list)."""


class NotYourRegistration(LearningError):
    """A registration that is not the learner's own (or no such registration)."""
