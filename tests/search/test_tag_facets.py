"""Facets and filters on the shared tags (strategy, actor type, province) of real content types."""

import pytest

from search.tasks import index_object
from tests.knowledge_base.conftest import lesson_index, make_lesson  # noqa: F401


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


@pytest.fixture
def tagged_in_khmer_only(make_lesson):  # noqa: F811
    """A lesson tagged on its Khmer source only, as the demo's courses are."""
    km, en = make_lesson(
        "aud",
        "សវនកម្មសង្គមគណនេយ្យភាព",
        "Social audits for accountability",
        strategies=[3],
        actors=["caf"],
        area_code="050101",
    )
    en.strategies.set([])
    en.actor_types.set([])
    en.area = None
    en.save_revision().publish()
    for page in (km, en):
        index_object(page)
    return km, en


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params,found",
    [
        ({"actor": "caf"}, True),
        ({"strategy": "3"}, True),
        ({"province": "05"}, True),
        ({"strategy": "3", "actor": "caf", "province": "05"}, True),
        ({"actor": "commune-administration"}, False),
        ({"strategy": "1"}, False),
    ],
)
def test_an_english_translation_is_filtered_by_the_tags_of_its_khmer_source(
    client, tagged_in_khmer_only, params, found
):
    _km, en = tagged_in_khmer_only
    results = api(client, q="audits", locale="en", **params)["results"]
    assert [r["url"] for r in results] == ([en.url] if found else [])


@pytest.mark.django_db
def test_english_facets_count_the_source_tags_with_english_labels(client, tagged_in_khmer_only):
    facets = api(client, q="audits", locale="en")["facets"]
    assert facets["strategy"] == [
        {"value": "3", "label": "Action plans and budgets for SA implementation", "count": 1}
    ]
    assert facets["actor"] == [
        {"value": "caf", "label": "Community Accountability Facilitator", "count": 1}
    ]
    assert facets["province"] == [{"value": "05", "label": "Kampong Speu", "count": 1}]
    # The Khmer search names the same tags in Khmer.
    km_facets = api(client, q="សវនកម្ម", locale="km")["facets"]
    assert counts(km_facets["actor"]) == {"caf": 1}
    assert km_facets["province"][0]["label"] == "កំពង់ស្ពឺ"


@pytest.mark.django_db
def test_a_tag_not_yet_translated_is_named_in_khmer_not_by_its_number(client, tagged_in_khmer_only):
    from portal.models import Strategy

    Strategy.objects.filter(number=3, locale__language_code="en").delete()
    facets = api(client, q="audits", locale="en")["facets"]
    assert facets["strategy"][0]["label"].startswith("ការរៀបចំផែនការសកម្មភាព")
