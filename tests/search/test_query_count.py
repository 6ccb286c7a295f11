"""Issue 15, part 4: a search costs a constant number of SQL statements, whatever it finds.

The count, every facet and the language counts come from one statement over the matches (on
PostgreSQL the page of results too); only the page of results shown is loaded and snippeted.
So a search finding 200 pages makes exactly as many queries as one finding 10.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.tasks import index_object
from tests.knowledge_base.conftest import lesson_index, make_lesson  # noqa: F401

pytestmark = pytest.mark.django_db


#: Statements of an uncached search request: the view restriction and the locales; on SQLite
#: one for the count and every facet and the backend's ranked page (3), on PostgreSQL one for
#: the count, every facet and the ranked page together (plus, in a test's transaction, the
#: savepoint and planner settings around it: 4); the pages shown (2: content types, specific),
#: their snippet texts, their places and the names of the tags counted (3). Fails if a
#: statement per hit, or per facet, comes back.
def max_queries():
    return 13 if connection.vendor == "postgresql" else 12


def search_queries(client, query="គណនេយ្យភាព", **params):
    """(the statements' SQL, JSON) of one uncached ``/api/search/`` request."""
    from portal.infrastructure.page_cache import invalidate

    invalidate()  # a new page-cache generation: the outcome is not taken from the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/search/", {"q": query, "locale": "km", **params})
    assert response.status_code == 200
    return [query["sql"][:160] for query in queries], response.json()


def test_a_search_makes_as_many_queries_for_200_hits_as_for_12(
    client,
    make_page,
    make_lesson,  # noqa: F811
):
    # Two tagged lessons among the hits, so the tag facets have something to count and name;
    # their summary holds the word, their title does not, so the page shown holds the same
    # kind of pages (plain pages, loaded by one query) in both searches.
    for n in range(2):
        km, _en = make_lesson(
            f"tagged-{n}", f"មេរៀន {n}", strategies=[1, 2], actors=["caf"], area_code="050101"
        )
        km.summary = "គណនេយ្យភាព"
        km.save_revision().publish()
        index_object(km)
    for n in range(10):
        make_page(f"few-{n}", f"គណនេយ្យភាព {n}", "ការងារគណនេយ្យភាពសង្គម")
    search_queries(client)  # the process's first search compiles what later ones reuse
    few, found = search_queries(client)
    assert found["count"] == 12
    assert {entry["value"] for entry in found["facets"]["strategy"]} == {"1", "2"}

    for n in range(188):
        make_page(f"many-{n}", f"គណនេយ្យភាព ទំព័រ {n}", "ការងារគណនេយ្យភាពសង្គម")
    many, found = search_queries(client)
    assert found["count"] == 200
    assert len(found["results"]) == 10
    assert {entry["value"]: entry["count"] for entry in found["facets"]["strategy"]} == {
        "1": 2,
        "2": 2,
    }

    assert len(many) == len(few), "\n".join(many + ["---"] + few)
    assert len(few) <= max_queries(), "\n".join(few)


def test_a_later_page_of_many_hits_costs_the_same(client, make_page):
    for n in range(30):
        make_page(f"p-{n}", f"គណនេយ្យភាព {n}", "ការងារគណនេយ្យភាពសង្គម")
    search_queries(client)
    first, _ = search_queries(client)
    third, found = search_queries(client, page=3)
    assert found["page"] == 3 and len(found["results"]) == 10
    assert len(third) == len(first), "\n".join(third + ["---"] + first)
    assert len(first) <= max_queries(), "\n".join(first)


def test_the_pages_shown_are_ranked_as_the_backend_ranks_them(client, make_page):
    # On PostgreSQL the page of results comes from the counting statement; it must be the
    # backend's own ranking, ties (the same text) included: newest first.
    from wagtail.models import Locale

    from portal.models import StandardPage

    for n in range(14):
        make_page(f"r-{n}", f"ទំព័រ {n}", " ".join(["គណនេយ្យភាព"] * (n % 5 + 1) + ["សង្គម"] * 20))
    pages = StandardPage.objects.live().filter(locale=Locale.objects.get(language_code="km"))
    for page_number in (1, 2):
        _sql, found = search_queries(client, page=page_number)
        start = (page_number - 1) * 10
        expected = [p.title for p in pages.search("គណនេយ្យភាព")[start : start + 10]]
        assert [r["title"] for r in found["results"]] == expected


def test_course_modules_among_the_hits_cost_no_query_each(client, home):
    """A module's hit leads to its heading on the course page: the course's address is worked
    out from the module's own, not read for each module shown."""
    from training.factories import (
        CourseIndexPageFactory,
        CourseModulePageFactory,
        CoursePageFactory,
    )

    km, _en = home
    courses, _ = CourseIndexPageFactory.pair(parent=km, slug="courses", title="វគ្គសិក្សា")
    course, _ = CoursePageFactory.pair(parent=courses, slug="basics", title="មូលដ្ឋាន")

    def module(n):
        page, _ = CourseModulePageFactory.pair(
            parent=course, slug=f"module-{n}", title=f"ម៉ូឌុលទី {n}", summary="គណនេយ្យភាពសង្គម"
        )
        index_object(page)

    module(1)
    search_queries(client)
    one, found = search_queries(client)
    assert [r["url"] for r in found["results"]] == [f"{course.url}#module-module-1"]
    for n in range(2, 6):
        module(n)
    five, found = search_queries(client)
    assert len(found["results"]) == 5
    assert {r["url"] for r in found["results"]} == {
        f"{course.url}#module-module-{n}" for n in range(1, 6)
    }
    assert len(five) == len(one), "\n".join(five + ["---"] + one)
