"""Issue 15, point 3: a public page built without the page cache makes at most 10 SQL statements,
and the same number whatever the number of items it lists or shows, of menu entries or of
translations.

Each page is fetched once (the process's first render compiles what later ones reuse, and reads
the rows kept per page-cache generation: portal/infrastructure/memo.py), then fetched again and
counted: a page the page cache does not hold (another filter, another page of results, an entry
expired) costs that (``CEILING``). Then the page cache is given a new generation, as after any
edit, and the page is counted once more: the first page built after an edit in a process also
reads the site, the locales, the view restrictions, the menu, the contact details and what its
kind of page keeps per generation (``AFTER_AN_EDIT``). The same page with more items (lessons,
exchanges, visitors, strategies, sections, modules, menu pages, sessions) must cost the same:
a statement per item (an N+1) fails here.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.infrastructure.page_cache import invalidate
from tests.knowledge_base.conftest import (  # noqa: F401
    exchange_index,
    guidebook,
    lesson_index,
    make_exchange,
    make_lesson,
)

pytestmark = pytest.mark.django_db

#: Issue 15: no public page makes more than 10 statements when the page cache misses.
CEILING = 10

#: The first page built after an edit (measured): CEILING's page plus the rows kept per
#: generation: the site, the locales, the view restrictions, the menu, the contact details (5),
#: and a listing's filter options (strategies, actor types, provinces, years: 4) and the places
#: its results name (1; its counts and results, kept too, are one statement), a record's places
#: and actor types (1 each).
AFTER_AN_EDIT = {
    "home": 13,
    "standard": 8,
    "guidebook": 13,
    "chapter": 10,
    "section": 12,
    "lessons": 14,
    "lesson": 12,
    "exchanges": 13,
    "exchange": 16,
    "courses": 9,
    "course": 14,
    "course lesson": 11,
    "search": 12,
    "calendar": 9,
    "log in": 4,
    "sign up": 8,
}


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Every fetch builds the page: the rows kept per generation stay, the page is not kept.
    The contact details exist, as on a site in use (the first page shown creates them)."""
    from portal.models import ContactSettings

    settings.PAGE_CACHE_SECONDS = 0
    ContactSettings.load()


def queries(client, url, *others):
    """The SQL of a GET of ``url`` the page cache misses, then of one after an edit (of the
    ``others`` in turn where given: a search keeps its outcomes per query)."""
    urls = [url, *others]
    client.get(urls[0])
    counted = []
    for number, edit in enumerate((False, True), start=1):
        if edit:
            invalidate()
        url = urls[number % len(urls)]
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        counted.append([query["sql"][:200] for query in captured if not _control(query["sql"])])
    return counted


def _control(sql):
    """Transaction control and planner settings, not queries of data: the search's statements
    on PostgreSQL run in a savepoint with sequential scans off
    (search/backends/postgres_ranking.py)."""
    return sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")) or (
        sql.startswith("SELECT ") and ("set_config(" in sql or "current_setting(" in sql)
    )


def check(name, few, many):
    for when, fewer, more in (("", few[0], many[0]), (" after an edit", few[1], many[1])):
        listing = "\n".join(more + ["--- with fewer items:"] + fewer)
        assert len(more) == len(fewer), f"{name}{when}: a statement per item\n{listing}"
    steady, edited = few
    assert len(steady) <= CEILING, f"{name}: {len(steady)} statements\n" + "\n".join(steady)
    assert len(edited) <= AFTER_AN_EDIT[name], (
        f"{name} after an edit: {len(edited)} statements\n" + "\n".join(edited)
    )


def test_the_home_page_and_a_standard_page_whatever_the_size_of_the_menu(client, home):
    from portal.factories import StandardPageFactory

    km_home, _ = home
    page, page_en = StandardPageFactory.pair(
        parent=km_home, slug="about", title="អំពី", intro="", en={"title": "About"}
    )
    StandardPageFactory.pair(parent=km_home, slug="more", title="ច្រើនទៀត", intro="")
    few = queries(client, page.url)
    few_home = queries(client, km_home.url)
    few_en = queries(client, page_en.url)
    for n in range(20):
        StandardPageFactory.pair(
            parent=km_home, slug=f"menu-{n}", title=f"ម៉ឺនុយ {n}", intro="", en={"title": f"{n}"}
        )
    check("standard", few, queries(client, page.url))
    check("home", few_home, queries(client, km_home.url))
    # The language switcher and the menu in English: the same statements (the English home
    # page is looked up once per generation).
    en = queries(client, page_en.url)
    check("standard", few_en, en)
    assert len(en[0]) == len(few[0])


def test_the_guidebook_its_chapters_and_sections(client, guidebook):  # noqa: F811
    from knowledge_base.factories import GuidebookSectionPageFactory

    book = guidebook["km"]
    (chapter, _), sections = guidebook["chapters"][0]
    section = sections[0][0]
    few = {url: queries(client, url) for url in (book.url, chapter.url, section.url)}
    for m in range(3, 9):
        GuidebookSectionPageFactory.pair(
            parent=chapter, slug=f"section-{m}", title=f"ផ្នែក 1.{m}", body=[]
        )
    check("guidebook", few[book.url], queries(client, book.url))
    check("chapter", few[chapter.url], queries(client, chapter.url))
    check("section", few[section.url], queries(client, section.url))


def test_the_lessons_list_and_a_lesson(client, lesson_index, make_lesson):  # noqa: F811
    index_km, _ = lesson_index
    lesson, _ = make_lesson("l-0", "មេរៀន 0", strategies=[1], actors=["caf"], area_code="050101")
    for n in range(1, 3):
        make_lesson(f"l-{n}", f"មេរៀន {n}", strategies=[n], actors=["caf"], area_code="0501")
    few_list = queries(client, index_km.url)
    few_filtered = queries(client, f"{index_km.url}?strategy=1&actor=caf")
    few_lesson = queries(client, lesson.url)
    for n in range(3, 12):
        make_lesson(
            f"l-{n}", f"មេរៀន {n}", strategies=[1 + n % 8, 2], actors=["caf"], area_code="050101"
        )
    lesson.strategies.set(lesson.strategies.model.objects.filter(locale=lesson.locale)[:4])
    lesson.save_revision().publish()
    check("lessons", few_list, queries(client, index_km.url))
    check("lessons", few_filtered, queries(client, f"{index_km.url}?strategy=1&actor=caf"))
    check("lesson", few_lesson, queries(client, lesson.url))


def test_the_exchanges_list_and_an_exchange(client, exchange_index, make_exchange):  # noqa: F811
    index_km, _ = exchange_index
    exchange, _ = make_exchange("e-0", "ទស្សនកិច្ច 0", visitors=["0501"], strategies=[1])
    make_exchange("e-1", "ទស្សនកិច្ច 1", visitors=["0501"], strategies=[2])
    few_list = queries(client, index_km.url)
    few_record = queries(client, exchange.url)
    for n in range(2, 10):
        make_exchange(f"e-{n}", f"ទស្សនកិច្ច {n}", visitors=["0501", "050101"], strategies=[1, 3])
    from knowledge_base.models import ExchangeVisitor
    from tests.knowledge_base.conftest import area

    exchange.visitors.set([ExchangeVisitor(area=area(code)) for code in ("0501", "050101", "05")])
    exchange.save_revision().publish()
    check("exchanges", few_list, queries(client, index_km.url))
    check("exchange", few_record, queries(client, exchange.url))


def test_the_courses_a_course_and_its_lessons(client, home):
    from tests.training.conftest import build_course
    from training.factories import CourseLessonPageFactory, CourseModulePageFactory

    built = build_course(home, lessons=2)
    lesson = built.lessons[0]
    urls = {
        "courses": built.index.url,
        "course": built.course.url,
        "course lesson": lesson.url,
    }
    few = {name: queries(client, url) for name, url in urls.items()}
    build_course(home, slug="other", lessons=1)
    for m in range(2, 5):
        module, _ = CourseModulePageFactory.pair(
            parent=built.course, slug=f"m{m}", title=f"ម៉ូឌុល {m}"
        )
        for n in range(3):
            CourseLessonPageFactory.pair(
                parent=module, slug=f"l{m}-{n}", title=f"មេរៀន {m}.{n}", body=[]
            )
    for name, url in urls.items():
        check(name, few[name], queries(client, url))


def test_the_search_page(client, home):
    from portal.factories import StandardPageFactory
    from search.tasks import index_object

    km_home, _ = home

    def publish(n):
        for page in StandardPageFactory.pair(
            parent=km_home, slug=f"p-{n}", title=f"គណនេយ្យភាព {n}", intro="សង្គម"
        ):
            if page is not None:
                index_object(page)

    for n in range(2):
        publish(n)
    # Words not searched before: the search app keeps each query's outcome per generation.
    urls = [f"/km/search/?q={words}" for words in ("គណនេយ្យភាព", "សង្គម", "គណនេយ្យភាព សង្គម")]
    few = queries(client, *urls)
    for n in range(2, 8):
        publish(n)
    urls = [f"/km/search/?q={words}" for words in ("សង្គម", "គណនេយ្យភាព", "សង្គម គណនេយ្យភាព")]
    check("search", few, queries(client, *urls))


def test_the_training_calendar(client, home):
    from tests.training.conftest import build_course
    from training.factories import TrainingSessionFactory

    course = build_course(home, lessons=1).course
    TrainingSessionFactory(course=course, area_code="05")
    url = "/km/training/calendar/"
    few = queries(client, url)
    for n in range(6):
        TrainingSessionFactory(
            course=course,
            area_code="17" if n % 2 else "05",
            date=datetime.date.today() + datetime.timedelta(days=10 + n),
        )
    check("calendar", few, queries(client, url))


def test_the_account_pages(client, home):
    for name, url in (("log in", "/km/accounts/login/"), ("sign up", "/km/accounts/signup/")):
        counted = queries(client, url)
        check(name, counted, counted)
