from .editions import EditionPage, GuidebookEdition
from .exchanges import (
    ExchangeIndexPage,
    ExchangeVisitor,
    ExchangeVisitPage,
    FollowUpAction,
    FollowUpStatus,
    ParticipantsByActor,
    ParticipantsByGender,
)
from .guidebook import GuidebookChapterPage, GuidebookPage, GuidebookSectionPage
from .lessons import LessonIndexPage, LessonPage, Sector
from .pdf import GuidebookPDF

__all__ = [
    "EditionPage",
    "ExchangeIndexPage",
    "ExchangeVisitPage",
    "ExchangeVisitor",
    "FollowUpAction",
    "FollowUpStatus",
    "GuidebookChapterPage",
    "GuidebookEdition",
    "GuidebookPDF",
    "GuidebookPage",
    "GuidebookSectionPage",
    "LessonIndexPage",
    "LessonPage",
    "ParticipantsByActor",
    "ParticipantsByGender",
    "Sector",
]
