"""One pagination for every paginated listing, keeping the rest of the query."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

INCLUDE = "portal/includes/pagination.html"


def links(html):
    import re

    return {
        rel: parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        for rel, href in re.findall(r'rel="(prev|next)" href="([^"]*)"', html)
    }


def render(query, number, count=50, per_page=10):
    request = RequestFactory().get("/km/lessons/", query)
    page = Paginator(range(count), per_page).get_page(number)
    return render_to_string(INCLUDE, {"page_obj": page}, request=request)


def test_the_links_change_the_page_and_keep_every_other_parameter():
    query = {"strategy": "2", "q": "គណនេយ្យភាព", "utm_source": "mail", "page": "3"}
    html = render(query, 3)
    found = links(html)
    for rel, number in (("prev", "2"), ("next", "4")):
        assert found[rel].pop("page") == [number]
        assert found[rel] == {k: [v] for k, v in query.items() if k != "page"}


def test_a_repeated_parameter_stays_repeated():
    request = RequestFactory().get("/km/search/?type=lesson&type=exchange")
    page = Paginator(range(30), 10).get_page(1)
    html = render_to_string(INCLUDE, {"page_obj": page}, request=request)
    assert links(html)["next"] == {"type": ["lesson", "exchange"], "page": ["2"]}


def test_first_and_last_pages_link_one_way_and_a_single_page_shows_nothing():
    assert set(links(render({}, 1))) == {"next"}
    assert set(links(render({}, 5))) == {"prev"}
    assert render({}, 1, count=5).strip() == ""


def test_it_speaks_khmer():
    with translation.override("km"):
        html = render({}, 2)
    assert "ទំព័រ ២ នៃ ៥" in html and "បន្ទាប់" in html and "មុន" in html


def test_no_other_template_paginates_on_its_own():
    """Every template that shows a paginator's pages includes the one pagination."""
    roots = [Path(settings.BASE_DIR)]
    own = []
    for root in roots:
        for path in root.glob("**/templates/**/*.html"):
            if ".venv" in path.parts or path.as_posix().endswith(INCLUDE):
                continue
            text = path.read_text()
            if "next_page_number" in text or "previous_page_number" in text:
                own.append(str(path.relative_to(settings.BASE_DIR)))
    assert own == []
