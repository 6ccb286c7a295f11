"""Issue 15, part 4: a search asked again is answered from the cache, until the index or the
pages change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from search import results

pytestmark = pytest.mark.django_db


def run(query, locale="km", page=1):
    return results.run(results.SearchRequest(query=query, locale=locale, page=page))


def test_the_same_search_again_costs_no_sql(make_page):
    make_page("sa", "គណនេយ្យភាពសង្គម", "ការងារគណនេយ្យភាពសង្គម")
    first = run("គណនេយ្យភាព")
    with CaptureQueriesContext(connection) as queries:
        again = run("គណនេយ្យភាព")
    assert len(queries) == 0
    assert again.as_json() == first.as_json()


def test_a_page_indexed_since_is_found_at_once(make_page):
    make_page("sa", "គណនេយ្យភាពសង្គម", "")
    assert run("គណនេយ្យភាព").count == 1
    make_page("sa2", "គណនេយ្យភាពថ្មី", "")  # indexed: the index's version changes
    assert run("គណនេយ្យភាព").count == 2


def test_a_changed_title_shows_at_once(make_page):
    page, _ = make_page("sa", "គណនេយ្យភាពសង្គម", "")
    run("គណនេយ្យភាព")
    page.title = "គណនេយ្យភាពសង្គមថ្មី"
    page.save_revision().publish()  # the page cache's generation changes
    assert run("គណនេយ្យភាព").results[0]["title"] == "គណនេយ្យភាពសង្គមថ្មី"


def test_a_later_page_of_results_keeps_its_place(make_page):
    for n in range(12):
        make_page(f"p{n}", f"គណនេយ្យភាព {n}", "")
    first = run("គណនេយ្យភាព", page=2).as_json()
    again = run("គណនេយ្យភាព", page=2)
    assert again.as_json() == first
    assert (first["page"], first["num_pages"], len(first["results"])) == (2, 2, 2)
    assert again.paginator_page.has_previous() and not again.paginator_page.has_next()


def test_each_language_shown_has_its_own_outcome(make_page):
    make_page("sa", "គណនេយ្យភាពសង្គម", "", en_title="Social accountability")
    labels = {}
    for shown in ("km", "en"):
        with translation.override(shown):
            labels[shown] = run("accountability", "en").facets["type"][0]["label"]
    assert labels == {"km": "ទំព័រធម្មតា", "en": "Standard page"}
