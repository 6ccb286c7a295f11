"""The listings' and search's facet counts (counted in SQL by portal.facets) equal a brute-force
count over the pages, read one by one in Python."""

import datetime
import random

import pytest
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Page

from knowledge_base.filters import ExchangeFilter, LessonFilter
from knowledge_base.models import ExchangeVisitPage, LessonPage
from portal.models import AdministrativeArea
from search import results
from search.tasks import index_object

AREAS = ["05", "0501", "050101", "17", "170101", "02", "0201", "07"]
ACTORS = ["cso", "caf", "commune-administration"]


def _walked_province(area):
    while area is not None and area.parent_id is not None:
        area = area.parent
    return area.code if area else None


def group_tags(model):
    """{translation_key: {"strategy", "actor", "province"}} read page by page: a group has the
    tags of all its pages."""
    groups = {}
    for page in model.objects.all():
        tags = groups.setdefault(
            page.translation_key,
            {"strategy": set(), "actor": set(), "province": set(), "hosted": set(), "sent": set()},
        )
        tags["strategy"] |= {str(s.number) for s in page.strategies.all()}
        tags["actor"] |= {a.code for a in page.actor_types.all()}
        if page.area is not None:
            tags["hosted"].add(_walked_province(page.area))
        for visitor in page.visitors.all() if hasattr(page, "visitors") else []:
            tags["sent"].add(_walked_province(visitor.area))
        tags["province"] |= tags["hosted"] | tags["sent"]
    return groups


def brute_force(listing, model, rows_of, skip=None):
    """How many of the listing's pages each option of each facet gives, counted in Python."""
    index = listing.index
    pages = list(model.objects.live().public())
    here = {p.translation_key for p in pages if p.locale_id == index.locale_id}
    shown = [
        p
        for p in pages
        if (p.locale_id == index.locale_id and p.path.startswith(index.path))
        or (p.locale_id != index.locale_id and p.translation_key not in here)
    ]
    rows = [rows_of(p) for p in shown]

    def keeps(row, facet):
        return facet.selected in row[facet.name]

    counts = {}
    for facet in listing.facets:
        pool = [
            row
            for row in rows
            if all(keeps(row, f) for f in listing.facets if f.selected and f is not facet)
        ]
        counts[facet.name] = {
            value: n
            for value, _label in facet.options
            if (n := sum(1 for row in pool if value in row[facet.name]))
        }
    found = [row["pk"] for row in rows if all(keeps(row, f) for f in listing.facets if f.selected)]
    return counts, sorted(found)


def listing_context(filter_class, index, query):
    request = RequestFactory().get("/", query)
    with translation.override("en"):
        listing = filter_class(request, index)
        context = listing.context()
    return listing, context


@pytest.fixture
def random_lessons(make_lesson):
    rng = random.Random(12)
    for n in range(14):
        km, en = make_lesson(
            f"r{n}",
            f"មេរៀន {n}",
            f"Lesson {n}" if n % 3 else None,
            strategies=rng.sample(range(1, 9), rng.randint(0, 3)),
            actors=rng.sample(ACTORS, rng.randint(0, 2)),
            area_code=rng.choice([*AREAS, None]),
            sector=rng.choice(["health", "education", "other"]),
            date=datetime.date(rng.choice([2024, 2025, 2026]), 1 + n % 12, 1),
        )
        if en is not None and n % 2:  # an English translation tagged by its Khmer source only
            en.strategies.set([])
            en.actor_types.set([])
            en.area = None
            en.save_revision().publish()
    return rng


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"strategy": "2"},
        {"province": "05", "sector": "health"},
        {"actor": "cso", "year": "2025"},
        {"strategy": "1", "actor": "caf", "province": "17"},
    ],
)
def test_lesson_facet_counts_equal_a_brute_force_count(random_lessons, lesson_index, query):
    groups = group_tags(LessonPage)

    def rows_of(page):
        return {
            "pk": page.pk,
            **groups[page.translation_key],
            "sector": {page.sector},
            "year": {str(page.date.year)} if page.date else set(),
        }

    for index in lesson_index:
        listing, context = listing_context(LessonFilter, index, query)
        counts, found = brute_force(listing, LessonPage, rows_of)
        assert {f.name: {k: v for k, v in f.counts.items() if v} for f in listing.facets} == counts
        assert context["total"] == len(found)


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{}, {"province": "05"}, {"strategy": "2", "year": "2026"}])
def test_exchange_facet_counts_equal_a_brute_force_count(make_exchange, exchange_index, query):
    rng = random.Random(7)
    for n in range(10):
        make_exchange(
            f"x{n}",
            f"ទស្សនកិច្ច {n}",
            f"Visit {n}" if n % 2 else None,
            host=rng.choice(AREAS),
            visitors=rng.sample(AREAS, rng.randint(0, 3)),
            strategies=rng.sample(range(1, 9), rng.randint(1, 2)),
            start=datetime.date(rng.choice([2025, 2026]), 1 + n, 1),
        )
    groups = group_tags(ExchangeVisitPage)

    def rows_of(page):
        return {
            "pk": page.pk,
            **groups[page.translation_key],
            "year": {str(page.start_date.year)},
        }

    for index in exchange_index:
        listing, context = listing_context(ExchangeFilter, index, query)
        counts, found = brute_force(listing, ExchangeVisitPage, rows_of)
        assert {f.name: {k: v for k, v in f.counts.items() if v} for f in listing.facets} == {
            name: value for name, value in counts.items() if name != "actor"
        }
        assert context["total"] == len(found)
        if "province" not in query:  # the bar table counts hosted and sent apart, over `found`
            for kind in ("hosted", "sent"):
                expected = {}
                for page in ExchangeVisitPage.objects.filter(pk__in=found):
                    for code in groups[page.translation_key][kind]:
                        expected[code] = expected.get(code, 0) + 1
                shown = {row["code"]: row[kind] for row in context["by_province"] if row[kind]}
                assert shown == expected, kind


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{}, {"strategy": "2"}, {"province": "05"}])
def test_search_facet_counts_equal_a_brute_force_count(random_lessons, params):
    for page in Page.objects.live().specific():
        index_object(page)
    with translation.override("km"):
        outcome = results.run(
            results.SearchRequest(query="មេរៀន", locale="km", type="lesson", **params)
        )
    groups = group_tags(LessonPage)
    matched = [
        page
        for page in LessonPage.objects.live().filter(locale__language_code="km")
        if all(value in groups[page.translation_key][name] for name, value in params.items())
    ]
    assert outcome.count == len(matched)
    for name in ("strategy", "actor", "province"):
        expected = {}
        for page in matched:
            for value in groups[page.translation_key][name]:
                expected[value] = expected.get(value, 0) + 1
        assert {e["value"]: e["count"] for e in outcome.facets[name]} == expected, name
    assert {e["value"]: e["count"] for e in outcome.facets["type"]} == {"lesson": len(matched)}


@pytest.mark.django_db
def test_an_area_moved_to_another_province_moves_its_pages_facet(random_lessons, lesson_index):
    index = lesson_index[0]
    before = listing_context(LessonFilter, index, {})[0].facets[2].counts
    district = AdministrativeArea.objects.get(code="0501")
    district.parent = AdministrativeArea.objects.get(code="07")
    district.save()
    after = listing_context(LessonFilter, index, {})[0].facets[2].counts
    moved = sum(
        1
        for page in LessonPage.objects.filter(locale=index.locale)
        if page.area and page.area.code in ("0501", "050101")
    )
    assert after["05"] == before["05"] - moved
    assert after["07"] == before["07"] + moved
