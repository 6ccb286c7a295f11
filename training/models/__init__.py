from .overrides import CompletionOverride, WithdrawnCertificate
from .pages import (
    CompletionRule,
    CourseIndexPage,
    CourseLessonPage,
    CourseModulePage,
    CoursePage,
    canonical,
    default_locale_id,
    in_locale,
)
from .paths import LearningPath, PathCompletion, PathStep
from .plans import MAX_PEOPLE, PlanTarget, TrainingPlan
from .progress import (
    Certificate,
    CourseCompletion,
    Enrolment,
    LessonCourse,
    LessonProgress,
    ProgressEvent,
    QuizAttempt,
)
from .quizzes import Quiz
from .reminders import Reminder, ReminderOptOut
from .sessions import MAX_PLACES, SessionLogEntry, SessionRegistration, TrainingSession

__all__ = [
    "Certificate",
    "CompletionOverride",
    "CompletionRule",
    "CourseCompletion",
    "CourseIndexPage",
    "CourseLessonPage",
    "CourseModulePage",
    "CoursePage",
    "Enrolment",
    "LessonCourse",
    "LearningPath",
    "LessonProgress",
    "MAX_PEOPLE",
    "PathCompletion",
    "PathStep",
    "PlanTarget",
    "ProgressEvent",
    "Quiz",
    "Reminder",
    "ReminderOptOut",
    "QuizAttempt",
    "SessionLogEntry",
    "SessionRegistration",
    "MAX_PLACES",
    "TrainingPlan",
    "TrainingSession",
    "WithdrawnCertificate",
    "canonical",
    "default_locale_id",
    "in_locale",
]
