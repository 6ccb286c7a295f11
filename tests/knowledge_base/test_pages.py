import datetime

import pytest
from wagtail.models import Locale

from knowledge_base.models import (
    ExchangeIndexPage,
    ExchangeVisitPage,
    FollowUpAction,
    GuidebookChapterPage,
    GuidebookPage,
    GuidebookSectionPage,
    LessonIndexPage,
    LessonPage,
    ParticipantsByGender,
)
from portal.models import HomePage
from tests.support.page_tests import BilingualPageTestCase


@pytest.mark.django_db
class TestGuidebookPages(BilingualPageTestCase):
    @pytest.fixture(autouse=True)
    def _pages(self, guidebook):
        self.book = guidebook

    def test_guidebook_chapter_and_section_route_and_render_in_both_languages(self):
        (chapter, sections) = self.book["chapters"][0]
        for pages in ((self.book["km"], self.book["en"]), chapter, sections[0]):
            for page in pages:
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)
        self.assertEqual(sections[0][0].url, "/km/guidebook/chapter-1/section-1/")
        self.assertEqual(sections[0][1].url, "/en/guidebook/chapter-1/section-1/")

    def test_guidebook_page_shows_numbered_table_of_contents_and_edition(self):
        response = self.client.get("/en/guidebook/")
        self.assertContains(response, "First edition")
        self.assertContains(response, "1. Introduction")
        self.assertContains(response, "2.2 Section 2.2")
        self.assertContains(response, "Last updated")
        response = self.client.get("/km/guidebook/")
        self.assertContains(response, "ផ្នែក 1.1")

    def test_section_has_breadcrumbs_previous_next_and_anchored_headings(self):
        response = self.client.get("/en/guidebook/chapter-1/section-2/")
        html = response.content.decode()
        self.assertIn('<a href="/en/guidebook/">Joint guidebook</a>', html)
        self.assertIn('<a href="/en/guidebook/chapter-1/">Introduction</a>', html)
        self.assertIn('rel="prev" href="/en/guidebook/chapter-1/section-1/"', html)
        self.assertIn('rel="next" href="/en/guidebook/chapter-2/section-1/"', html)
        self.assertIn('<h2 id="subheading-1-2">Subheading 1.2', html)
        self.assertIn('href="#subheading-1-2"', html)
        self.assertIn("knowledge_base/knowledge_base.css", html)

    def test_khmer_heading_keeps_its_letters_in_the_anchor(self):
        response = self.client.get("/km/guidebook/chapter-1/section-1/")
        self.assertContains(response, 'id="ចំណងជើងរង-1-1"')

    def test_page_types_sit_only_in_their_place(self):
        self.assertCanCreateAt(HomePage, GuidebookPage)
        self.assertCanCreateAt(GuidebookPage, GuidebookChapterPage)
        self.assertCanCreateAt(GuidebookChapterPage, GuidebookSectionPage)
        self.assertCanNotCreateAt(HomePage, GuidebookSectionPage)
        self.assertCanNotCreateAt(GuidebookPage, GuidebookSectionPage)


@pytest.mark.django_db
class TestLessonAndExchangePages(BilingualPageTestCase):
    @pytest.fixture(autouse=True)
    def _pages(self, make_lesson, make_exchange, lesson_index, exchange_index):
        self.lesson_index = lesson_index
        self.exchange_index = exchange_index
        self.lesson = make_lesson(
            "scorecard", "កាតពិន្ទុសហគមន៍", "Community scorecard", strategies=[1], area_code="050101"
        )
        self.exchange = make_exchange(
            "visit-kampot",
            "ទស្សនកិច្ចកំពត",
            "Visit to Kampot",
            host="07",
            visitors=["05"],
            strategies=[2],
        )

    def test_lesson_pages_route_and_render_in_both_languages(self):
        for page in (*self.lesson_index, *self.lesson):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)
        response = self.client.get(self.lesson[1].url)
        self.assertContains(response, "Community scorecard")
        self.assertContains(response, "Basedth commune")

    def test_exchange_pages_route_and_render_in_both_languages(self):
        km, en = self.exchange
        en.participants_by_gender.set([ParticipantsByGender(gender="female", count=7)])
        FollowUpAction.objects.create(
            page=en,
            what="Post the budget",
            who="Commune chief",
            status="done",
            locale=Locale.objects.get(language_code="en"),
        )
        en.save_revision().publish()
        for page in (*self.exchange_index, km, en):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)
        response = self.client.get(en.url)
        self.assertContains(response, "Kampot")
        self.assertContains(response, "Post the budget")
        self.assertContains(response, "<td>7</td>")
        # Head counts in the digits of the page's language, as its dates.
        km.participants_by_gender.set([ParticipantsByGender(gender="female", count=12)])
        km.save_revision().publish()
        self.assertContains(self.client.get(km.url), "<td>១២</td>")
        self.assertContains(response, "Done")

    def test_lessons_and_exchanges_only_under_their_index(self):
        self.assertCanCreateAt(LessonIndexPage, LessonPage)
        self.assertCanNotCreateAt(HomePage, LessonPage)
        self.assertCanCreateAt(ExchangeIndexPage, ExchangeVisitPage)
        self.assertCanNotCreateAt(LessonIndexPage, ExchangeVisitPage)

    def test_search_types_are_declared(self):
        self.assertEqual(GuidebookSectionPage.search_type, "guidebook_section")
        self.assertEqual(LessonPage.search_type, "lesson")
        self.assertEqual(ExchangeVisitPage.search_type, "exchange")
        self.assertIsNotNone(datetime.date.today())


@pytest.mark.django_db
class TestCreatingInTheAdmin(BilingualPageTestCase):
    @pytest.fixture(autouse=True)
    def _indexes(self, lesson_index, exchange_index):
        self.lesson_index = lesson_index[0]
        self.exchange_index = exchange_index[0]

    def test_an_editor_creates_an_exchange_visit_with_its_inlines(self):
        from wagtail.test.utils.form_data import (
            inline_formset,
            nested_form_data,
            rich_text,
            streamfield,
        )

        from portal.models import AdministrativeArea

        self.login()
        kampot = AdministrativeArea.objects.get(code="07")
        data = nested_form_data(
            {
                "title": "ទស្សនកិច្ចថ្មី",
                "slug": "new-visit",
                "summary": "",
                "area": kampot.pk,
                "start_date": "2026-07-01",
                "end_date": "",
                "visitors": inline_formset([{"area": kampot.pk, "actor_type": ""}]),
                "participants_by_gender": inline_formset([{"gender": "female", "count": 5}]),
                "participants_by_actor": inline_formset([]),
                "follow_up_actions": inline_formset(
                    [{"what": "បិទផ្សាយ", "who": "ឃុំ", "due_date": "", "status": "planned"}]
                ),
                "agenda": rich_text(""),
                "observed": rich_text(""),
                "learned": rich_text(""),
                "photos": streamfield([]),
                "related_lessons": streamfield([]),
            }
        )
        self.assertCanCreate(self.exchange_index, ExchangeVisitPage, data)
        visit = ExchangeVisitPage.objects.get(slug="new-visit")
        action = visit.follow_up_actions.get()
        self.assertEqual(action.locale_id, visit.locale_id)
        self.assertEqual(visit.participant_total(), 5)

    def test_an_editor_creates_a_lesson(self):
        from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

        self.login()
        data = nested_form_data(
            {
                "title": "មេរៀនថ្មី",
                "slug": "new-lesson",
                "summary": "សង្ខេប",
                "sector": "health",
                "date": "2026-07-01",
                "images": streamfield([]),
                "attachments": streamfield([]),
                **{name: rich_text("<p>x</p>") for name in LessonPage.SECTION_FIELDS},
            }
        )
        self.assertCanCreate(self.lesson_index, LessonPage, data)
