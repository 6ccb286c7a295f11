"""Facets and filters on the shared tags (strategy, actor type, province) of real content types."""

import pytest

from search.tasks import index_object
from tests.knowledge_base.conftest import demo_areas, lesson_index, make_lesson  # noqa: F401


@pytest.fixture
def lessons(make_lesson):  # noqa: F811
    made = {
        "ksp": make_lesson(
            "ksp",
            "ស្ថាប័នូបនីយកម្មគណនេយ្យភាពសង្គម",
            "Institutionalising social accountability",
            strategies=[1, 2],
            actors=["caf"],
            area_code="050101",
        ),
        "srp": make_lesson(
            "srp",
            "ថវិកាគណនេយ្យភាពសង្គម",
            "Budgets for social accountability",
            strategies=[4],
            actors=["commune-administration"],
            area_code="17",
        ),
    }
    for km, en in made.values():
        for page in filter(None, (km, en)):
            index_object(page)
    return made


def api(client, **params):
    response = client.get("/api/search/", {"locale": "km", **params})
    assert response.status_code == 200
    return response.json()


def counts(facet):
    return {entry["value"]: entry["count"] for entry in facet}


@pytest.mark.django_db
def test_facets_count_strategies_actors_and_provinces(client, lessons):
    facets = api(client, q="គណនេយ្យភាព")["facets"]
    assert counts(facets["type"]) == {"lesson": 2}
    assert counts(facets["strategy"]) == {"1": 1, "2": 1, "4": 1}
    assert counts(facets["actor"]) == {"caf": 1, "commune-administration": 1}
    # A commune-level lesson counts for its province.
    assert counts(facets["province"]) == {"05": 1, "17": 1}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params,expected",
    [
        ({"strategy": "2"}, {"ksp"}),
        ({"strategy": "4"}, {"srp"}),
        ({"actor": "caf"}, {"ksp"}),
        ({"province": "05"}, {"ksp"}),
        ({"province": "17", "strategy": "4"}, {"srp"}),
        ({"province": "17", "strategy": "2"}, set()),
    ],
)
def test_filters_narrow_results_by_tag(client, lessons, params, expected):
    results = api(client, q="គណនេយ្យភាព", **params)["results"]
    urls = {result["url"] for result in results}
    assert urls == {lessons[slug][0].url for slug in expected}


@pytest.mark.django_db
def test_english_search_of_tagged_lessons_is_stemmed(client, lessons):
    results = api(client, q="budget", locale="en")["results"]
    assert [r["title"] for r in results] == ["Budgets for social accountability"]
