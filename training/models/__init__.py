from .pages import (
    CompletionRule,
    CourseIndexPage,
    CourseLessonPage,
    CourseModulePage,
    CoursePage,
    canonical,
)
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
from .sessions import SessionLogEntry, TrainingSession

__all__ = [
    "Certificate",
    "CompletionRule",
    "CourseCompletion",
    "CourseIndexPage",
    "CourseLessonPage",
    "CourseModulePage",
    "CoursePage",
    "Enrolment",
    "LessonCourse",
    "LessonProgress",
    "ProgressEvent",
    "Quiz",
    "QuizAttempt",
    "SessionLogEntry",
    "TrainingSession",
    "canonical",
]
