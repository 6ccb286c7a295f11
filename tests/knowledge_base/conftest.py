import datetime

import pytest
from wagtail.models import Locale

from knowledge_base.factories import (
    ExchangeIndexPageFactory,
    ExchangeVisitPageFactory,
    GuidebookChapterPageFactory,
    GuidebookPageFactory,
    GuidebookSectionPageFactory,
    LessonIndexPageFactory,
    LessonPageFactory,
)
from portal.models import ActorType, AdministrativeArea, Strategy


def km_strategy(number):
    return Strategy.objects.get(number=number, locale=Locale.get_default())


def km_actor(code):
    return ActorType.objects.get(code=code, locale=Locale.get_default())


def area(code):
    return AdministrativeArea.objects.get(code=code)


@pytest.fixture
def guidebook(home):
    home_km, _home_en = home
    book_km, book_en = GuidebookPageFactory.pair(
        parent=home_km,
        slug="guidebook",
        title="សៀវភៅណែនាំរួម",
        edition="លើកទី ១",
        summary="សេចក្តីសង្ខេប",
        en={"title": "Joint guidebook", "edition": "First edition", "summary": "Summary"},
    )
    chapters = []
    for n, (km_title, en_title) in enumerate(
        [("សេចក្តីផ្តើម", "Introduction"), ("ការត្រួតពិនិត្យ", "Monitoring")], start=1
    ):
        chapter_km, chapter_en = GuidebookChapterPageFactory.pair(
            parent=book_km,
            slug=f"chapter-{n}",
            title=km_title,
            intro="<p>ជំពូក</p>",
            en={"title": en_title, "intro": "<p>Chapter</p>"},
        )
        sections = []
        for m in (1, 2):
            body_km = [
                ("heading", f"ចំណងជើងរង {n}.{m}"),
                ("paragraph", "<p>គណនេយ្យភាពសង្គមត្រូវបានធ្វើ</p>"),
                ("checklist", {"title": "បញ្ជី", "items": ["ទី១", "ទី២"]}),
            ]
            body_en = [
                ("heading", f"Subheading {n}.{m}"),
                ("paragraph", "<p>Social accountability is done</p>"),
                ("checklist", {"title": "List", "items": ["one", "two"]}),
            ]
            sections.append(
                GuidebookSectionPageFactory.pair(
                    parent=chapter_km,
                    slug=f"section-{m}",
                    title=f"ផ្នែក {n}.{m}",
                    body=body_km,
                    en={"title": f"Section {n}.{m}", "body": body_en},
                )
            )
        chapters.append(((chapter_km, chapter_en), sections))
    return {"km": book_km, "en": book_en, "chapters": chapters}


@pytest.fixture
def lesson_index(home, districts):
    home_km, _ = home
    return LessonIndexPageFactory.pair(
        parent=home_km,
        slug="lessons",
        title="មេរៀនបទពិសោធន៍",
        intro="",
        en={"title": "Lessons learned", "intro": ""},
    )


@pytest.fixture
def exchange_index(home, districts):
    home_km, _ = home
    return ExchangeIndexPageFactory.pair(
        parent=home_km,
        slug="exchanges",
        title="ការផ្លាស់ប្តូរបទពិសោធន៍",
        intro="",
        en={"title": "Peer exchanges", "intro": ""},
    )


@pytest.fixture
def make_lesson(lesson_index):
    index_km, _ = lesson_index

    def make(
        slug,
        km_title,
        en_title=None,
        *,
        strategies=(),
        actors=(),
        area_code=None,
        sector="other",
        date=datetime.date(2026, 3, 1),
    ):
        fields = {
            "summary": "សេចក្តីសង្ខេប",
            "sector": sector,
            "date": date,
            "area": area(area_code) if area_code else None,
        }
        km, en = LessonPageFactory.pair(
            parent=index_km,
            slug=slug,
            **{"title": km_title, **fields},
            en={"title": en_title, **fields, "summary": "Summary"} if en_title else None,
        )
        for page in filter(None, (km, en)):
            page.strategies.set([km_strategy(n) for n in strategies])
            page.actor_types.set([km_actor(c) for c in actors])
            page.save_revision().publish()
        return km, en

    return make


@pytest.fixture
def make_exchange(exchange_index):
    index_km, _ = exchange_index

    def make(
        slug,
        km_title,
        en_title=None,
        *,
        host="05",
        visitors=(),
        strategies=(),
        start=datetime.date(2026, 2, 10),
    ):
        from knowledge_base.models import ExchangeVisitor

        km, en = ExchangeVisitPageFactory.pair(
            parent=index_km,
            slug=slug,
            title=km_title,
            start_date=start,
            area=area(host),
            en={"title": en_title, "start_date": start, "area": area(host)} if en_title else None,
        )
        for page in filter(None, (km, en)):
            page.strategies.set([km_strategy(n) for n in strategies])
            page.visitors.set([ExchangeVisitor(area=area(code)) for code in visitors])
            page.save_revision().publish()
        return km, en

    return make


@pytest.fixture(scope="session")
def _serialized_test_db(django_db_setup, django_db_blocker):
    from django.db import connections

    return getattr(connections["default"], "_test_serialized_contents", None)


@pytest.fixture(autouse=True)
def _keep_serialized_test_db(request, _serialized_test_db):
    """After the Playwright browser has run, ``connections["default"]`` can be a new wrapper
    without the serialized test database, and a ``serialized_rollback`` test would start from
    an empty database (no root page, locales or vocabulary). Put the contents back."""
    from django.db import connections

    if _serialized_test_db and not hasattr(connections["default"], "_test_serialized_contents"):
        connections["default"]._test_serialized_contents = _serialized_test_db
