"""factory_boy factories for the knowledge base's pages (see portal.factories for the shape):
the tests and the demo loader build guidebooks, lessons and exchange visits with these."""

import datetime

import factory

from portal.factories import TranslatedPageFactory

from .models import (
    ExchangeIndexPage,
    ExchangeVisitPage,
    GuidebookChapterPage,
    GuidebookPage,
    GuidebookSectionPage,
    LessonIndexPage,
    LessonPage,
)


class GuidebookPageFactory(TranslatedPageFactory):
    class Meta:
        model = GuidebookPage

    title = "សៀវភៅណែនាំ"
    slug = "guidebook"


class GuidebookChapterPageFactory(TranslatedPageFactory):
    class Meta:
        model = GuidebookChapterPage

    slug = factory.Sequence(lambda n: f"chapter-{n}")


class GuidebookSectionPageFactory(TranslatedPageFactory):
    class Meta:
        model = GuidebookSectionPage

    slug = factory.Sequence(lambda n: f"section-{n}")


class LessonIndexPageFactory(TranslatedPageFactory):
    class Meta:
        model = LessonIndexPage

    title = "មេរៀនបទពិសោធន៍"
    slug = "lessons"


class LessonPageFactory(TranslatedPageFactory):
    class Meta:
        model = LessonPage

    slug = factory.Sequence(lambda n: f"lesson-{n}")


class ExchangeIndexPageFactory(TranslatedPageFactory):
    class Meta:
        model = ExchangeIndexPage

    title = "ការផ្លាស់ប្តូរបទពិសោធន៍"
    slug = "exchanges"


class ExchangeVisitPageFactory(TranslatedPageFactory):
    class Meta:
        model = ExchangeVisitPage

    slug = factory.Sequence(lambda n: f"visit-{n}")
    start_date = datetime.date(2026, 2, 10)
