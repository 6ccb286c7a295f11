"""Issue 15, part 1: every page type with text a reader would look for is found by search.

The acceptance document is shaped like the real strategy: most of its text sits under ``# ``
chapters (paragraphs and bulleted lists) and only one chapter has ``## `` sections.
"""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import models
from django.utils import translation
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models

from knowledge_base.factories import LessonIndexPageFactory
from knowledge_base.models import GuidebookChapterPage
from search import results
from search.tasks import index_object
from training.factories import CourseIndexPageFactory, CourseModulePageFactory, CoursePageFactory

DOCUMENT = Path(__file__).parent.parent / "knowledge_base" / "fixtures" / "strategy_chapters_km.md"
TEXT_FIELDS = (models.TextField, RichTextField, StreamField)


def own_text_fields(model):
    return [
        f.name
        for f in model._meta.get_fields()
        if isinstance(f, TEXT_FIELDS) and getattr(f, "model", None) is model
    ]


def test_every_page_type_with_text_is_searchable_or_excluded_with_a_reason():
    forgotten = []
    for model in get_page_models():
        if model is Page or not own_text_fields(model):
            continue
        searchable = getattr(model, "search_type", None)
        reason = getattr(model, "search_excluded", "")
        if not searchable and len(str(reason).split()) < 5:
            forgotten.append(model._meta.label)
    assert forgotten == [], f"give these a search_type or a search_excluded reason: {forgotten}"


def test_a_searchable_page_type_indexes_its_introduction_summary_and_body():
    for models_ in results.searchable_types().values():
        for model in models_:
            indexed = {field.field_name for field in model.get_search_fields()}
            prose = [
                name
                for name in own_text_fields(model)
                if name in ("intro", "summary", "body", "learning_objectives")
            ]
            assert set(prose) <= indexed, (model._meta.label, set(prose) - indexed)


def test_every_search_type_has_a_label_in_khmer_and_in_english():
    with translation.override("en"):
        english = results.type_labels()
    with translation.override("km"):
        khmer = results.type_labels()
    assert set(english) == set(khmer) >= {"guidebook", "guidebook_chapter", "course_module"}
    for search_type, label in khmer.items():
        assert label and label != english[search_type], search_type
        assert any("\u1780" <= char <= "\u17ff" for char in label), (search_type, label)


@pytest.fixture
def strategy(home, django_capture_on_commit_callbacks):
    # Index updates are enqueued on commit: run them, as the worker would.
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        call_command("import_guidebook", str(DOCUMENT), "--locale", "km", "--title", "យុទ្ធសាស្ត្រជាតិ")
    return {page.title: page for page in GuidebookChapterPage.objects.live()}


def search(client, q, **params):
    response = client.get("/api/search/", {"q": q, "locale": "km", **params})
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "I4C",  # an acronym only in a bulleted list of a chapter without sections
        "ផ្ទាំងព័ត៌មាន",  # Khmer words only in that list
    ],
)
def test_a_word_only_in_a_chapters_list_finds_the_chapter(client, strategy, query):
    found = search(client, query)
    chapter = strategy["ការផ្សព្វផ្សាយព័ត៌មានដល់ប្រជាពលរដ្ឋ"]
    assert [r["title"] for r in found["results"]] == [chapter.title]
    hit = found["results"][0]
    assert hit["url"] == chapter.url
    assert hit["type"] == "guidebook_chapter"
    assert hit["place"] == "យុទ្ធសាស្ត្រជាតិ"
    assert "<mark>" in hit["snippet"]
    assert found["facets"]["type"] == [
        {"value": "guidebook_chapter", "label": "ជំពូកសៀវភៅណែនាំ", "count": 1}
    ]


@pytest.mark.django_db
def test_a_word_in_a_chapters_title_and_introduction_ranks_the_chapter_first(client, strategy):
    found = search(client, "ផ្សព្វផ្សាយ")
    assert found["results"][0]["title"] == "ការផ្សព្វផ្សាយព័ត៌មានដល់ប្រជាពលរដ្ឋ"
    assert "<mark>ផ្សព្វផ្សាយ</mark>" in found["results"][0]["snippet"]


@pytest.mark.django_db
def test_a_chapter_and_its_sections_read_apart_without_repeating_each_other(client, strategy):
    found = search(client, "ត្រួតពិនិត្យ")
    by_title = {r["title"]: r for r in found["results"]}
    assert set(by_title) == {"ការត្រួតពិនិត្យ និងការវាយតម្លៃ", "ការប្រមូលទិន្នន័យ", "ការរាយការណ៍"}
    assert found["count"] == 3  # each page once
    snippets = [r["snippet"] for r in found["results"]]
    assert len(set(snippets)) == len(snippets)
    # A section names its chapter, so that a reader sees where each hit stands.
    assert by_title["ការប្រមូលទិន្នន័យ"]["place"] == "យុទ្ធសាស្ត្រជាតិ › ការត្រួតពិនិត្យ និងការវាយតម្លៃ"
    assert by_title["ការត្រួតពិនិត្យ និងការវាយតម្លៃ"]["place"] == "យុទ្ធសាស្ត្រជាតិ"
    # The chapter's own snippet is its introduction, not its sections' text.
    assert "អង្គភាព" in by_title["ការត្រួតពិនិត្យ និងការវាយតម្លៃ"]["snippet"]
    assert "គុណភាព" not in by_title["ការត្រួតពិនិត្យ និងការវាយតម្លៃ"]["snippet"]


@pytest.mark.django_db
def test_the_guidebooks_own_summary_is_found(client, strategy):
    found = search(client, "និរន្តរភាព")
    assert [(r["title"], r["type"]) for r in found["results"]] == [("យុទ្ធសាស្ត្រជាតិ", "guidebook")]


@pytest.mark.django_db
def test_the_search_page_labels_a_chapter_hit_in_the_language_shown(client, strategy):
    page = client.get("/km/search/", {"q": "I4C"}).content.decode()
    assert "ជំពូកសៀវភៅណែនាំ" in page and "យុទ្ធសាស្ត្រជាតិ" in page


@pytest.mark.django_db
def test_an_index_pages_introduction_is_found(client, home):
    km, _en = home
    index, _ = LessonIndexPageFactory.pair(
        parent=km, slug="lessons", title="មេរៀនបទពិសោធន៍", intro="ចែករំលែកបទពិសោធន៍ល្អៗរបស់បណ្តាញ CAFs"
    )
    index_object(index)
    found = search(client, "ចែករំលែក")
    assert [(r["title"], r["type"]) for r in found["results"]] == [
        ("មេរៀនបទពិសោធន៍", "lessons_index")
    ]


@pytest.mark.django_db
def test_a_course_modules_summary_leads_to_its_heading_on_the_course_page(client, home):
    km, _en = home
    courses, _ = CourseIndexPageFactory.pair(parent=km, slug="courses", title="វគ្គសិក្សា")
    course, _ = CoursePageFactory.pair(parent=courses, slug="basics", title="មូលដ្ឋាន")
    module, _ = CourseModulePageFactory.pair(
        parent=course, slug="scorecards", title="ម៉ូឌុលទី ១", summary="របៀបប្រើប័ណ្ណដាក់ពិន្ទុសហគមន៍"
    )
    for page in (courses, course, module):
        index_object(page)
    found = search(client, "ប័ណ្ណដាក់ពិន្ទុ")
    assert [r["type"] for r in found["results"]] == ["course_module"]
    url = found["results"][0]["url"]
    assert url == f"{course.url}#module-scorecards"
    page = client.get(url.split("#")[0])
    assert page.status_code == 200
    assert 'id="module-scorecards"' in page.content.decode()
