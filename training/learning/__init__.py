"""What a learner does, and the rule that decides when a course is complete.

Every path that records progress (the lesson page, the quiz form, the mobile API, attendance
recorded by a facilitator, the demo) goes through these modules' functions, so the completion rule
lives
in one place and completion is decided inside the transaction of the event that met it.
"""

from ..forms import ALLOWED_QUIZ_FIELDS
from .attendance import record_attendance
from .completion import (
    attended_at,
    evaluate_completion,
    locked,
    online_done,
    online_done_at,
    record_completion,
)
from .enrolment import (
    enrol,
    enrolment_for_lesson,
    forget_lesson_links,
    lesson_link,
    missing_prerequisites,
)
from .errors import (
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
    OverrideRefused,
    PrerequisitesMissing,
    QuizAlreadyPassed,
    QuizClosed,
    QuizNotInLesson,
    ReasonMissing,
    SessionClosed,
    SessionFull,
    UnexpectedField,
)
from .overrides import mark_complete, may_override, undo_override
from .presentation import (
    completion_of,
    continue_lesson,
    course_for,
    course_state,
    lesson_state,
    localized,
    percent,
    recommended_courses,
    started,
)
from .progress import (
    EVENT_TIME_AHEAD,
    EVENT_TIME_EARLIEST,
    RecordedEvent,
    complete_lesson,
    event_time_window,
    in_event_time_window,
    read_lesson,
    record_event,
    touch,
)
from .quizzes import record_quiz_event, submit_quiz
from .registration import (
    cancel_registration,
    cancel_session,
    places_raised,
    places_taken,
    register,
)
from .requirements import Requirements, forget_requirements, requirements

__all__ = [
    "LearningError",
    "UnexpectedField",
    "QuizNotInLesson",
    "NotAnAnswer",
    "NotEnrolled",
    "PrerequisitesMissing",
    "QuizClosed",
    "QuizAlreadyPassed",
    "NoAttemptsLeft",
    "EventIdReused",
    "OverrideRefused",
    "ReasonMissing",
    "OutOfScope",
    "AlreadyComplete",
    "AlreadyUndone",
    "record_completion",
    "mark_complete",
    "may_override",
    "undo_override",
    "SessionClosed",
    "SessionFull",
    "AlreadyRegistered",
    "NotYourRegistration",
    "register",
    "cancel_registration",
    "cancel_session",
    "places_raised",
    "places_taken",
    "Requirements",
    "requirements",
    "forget_requirements",
    "online_done",
    "attended_at",
    "online_done_at",
    "evaluate_completion",
    "locked",
    "missing_prerequisites",
    "enrol",
    "lesson_link",
    "forget_lesson_links",
    "enrolment_for_lesson",
    "complete_lesson",
    "read_lesson",
    "EVENT_TIME_EARLIEST",
    "EVENT_TIME_AHEAD",
    "event_time_window",
    "in_event_time_window",
    "record_event",
    "RecordedEvent",
    "touch",
    "ALLOWED_QUIZ_FIELDS",
    "submit_quiz",
    "record_quiz_event",
    "record_attendance",
    "completion_of",
    "percent",
    "continue_lesson",
    "localized",
    "course_state",
    "lesson_state",
    "course_for",
    "recommended_courses",
    "started",
]
