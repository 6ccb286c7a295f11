"""Whatever people (or scripts) type, search answers sensibly and never with a server error."""

import pytest

pytestmark = pytest.mark.django_db

SA = "ការងារគណនេយ្យភាពសង្គមត្រូវបានធ្វើ CAF networks"

HOSTILE = {
    "empty": "",
    "spaces": "    ",
    "10,000 characters": "គណនេយ្យភាព" * 1000,
    "10,000 latin": "a" * 10_000,
    "double quote": '"',
    "unbalanced quotes": '"គណនេយ្យភាព',
    "star": "*",
    "prefix star": "គណនេយ្យ*",
    "NEAR": "NEAR(គណនេយ្យ ភាព, 3)",
    "NEAR slash": "CAF NEAR/2 networks",
    "boolean": "CAF AND networks OR NOT budget",
    "lone operators": "AND OR NOT",
    "unbalanced parens": "((CAF",
    "closing paren": "CAF)",
    "column filter": "title:CAF",
    "caret": "^CAF",
    "control characters": "CAF\x00\x01\x07\x1b[31m",
    "mixed scripts": "CAF គណនេយ្យភាព Ελληνικά 中文 العربية",
    "sql": "'; DROP TABLE wagtailcore_page; --",
    "sql union": "1' UNION SELECT password FROM auth_user --",
    "percent": "100% %s %(x)s",
    "backslash": "\\\\'\\\"",
    "zero width only": "\u200b\u200b",
    "emoji": "🔍🔍",
    "khmer punctuation": "។ ៕ ៖",
}


@pytest.fixture
def indexed_page(make_page):
    return make_page("sa", "ការងារសង្គម", SA, en_title="CAF networks", en_intro=SA)


@pytest.mark.parametrize("query", HOSTILE.values(), ids=HOSTILE.keys())
def test_api_answers_every_hostile_query(client, indexed_page, query):
    response = client.get("/api/search/", {"q": query, "locale": "km", "page": "x"})
    assert response.status_code == 200
    data = response.json()
    assert isinstance(data["count"], int) and isinstance(data["results"], list)


@pytest.mark.parametrize("query", HOSTILE.values(), ids=HOSTILE.keys())
def test_search_page_answers_every_hostile_query(client, indexed_page, query):
    assert client.get("/km/search/", {"q": query}).status_code == 200


@pytest.mark.parametrize("query", HOSTILE.values(), ids=HOSTILE.keys())
def test_suggestions_answer_every_hostile_query(client, indexed_page, query):
    response = client.get("/km/search/suggest/", {"q": query})
    assert response.status_code == 200
    assert isinstance(response.json()["suggestions"], list)


def test_search_syntax_is_searched_as_words(client, indexed_page):
    # "CAF AND networks" finds the page by its words; the operators are words, not syntax.
    assert client.get("/api/search/", {"q": '"CAF" (networks', "locale": "en"}).json()["count"]
    assert client.get("/api/search/", {"q": "គណនេយ្យ*", "locale": "km"}).json()["count"] == 1


def test_sql_fragments_leave_the_database_alone(client, indexed_page):
    client.get("/api/search/", {"q": HOSTILE["sql"], "locale": "km"})
    assert client.get("/api/search/", {"q": "សង្គម", "locale": "km"}).json()["count"] == 1


def test_bad_parameters_fall_back_to_defaults(client, indexed_page):
    data = client.get(
        "/api/search/", {"q": "សង្គម", "locale": "km", "page": "-5", "strategy": "abc"}
    ).json()
    assert data["page"] == 1
    assert data["count"] == 0  # a strategy filter nobody is tagged with


def test_empty_query_is_an_empty_answer(client, indexed_page):
    assert client.get("/api/search/", {"locale": "km"}).json()["count"] == 0


def test_a_control_character_separates_words_and_a_zero_width_space_joins_them(
    client, indexed_page
):
    from search.results import clean_query

    assert clean_query("CAF\x00networks\tx\x1b") == "CAF networks x"
    assert clean_query("គណនេយ្យ\u200bភាព") == "គណនេយ្យភាព"
    response = client.get("/api/search/", {"q": "CAF\x00networks", "locale": "en"})
    assert response.json()["count"] == 1
