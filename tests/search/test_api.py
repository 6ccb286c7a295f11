"""The search page, the JSON API and suggestions, as a user or an API client sees them."""

import pytest
from wagtail.models import PageViewRestriction, Workflow

pytestmark = pytest.mark.django_db

SA = "ការងារគណនេយ្យភាពសង្គមត្រូវបានធ្វើនៅថ្នាក់ឃុំ សង្កាត់"


def api(client, **params):
    response = client.get("/api/search/", params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def test_api_finds_a_word_in_the_middle_of_an_unspaced_phrase(client, make_page):
    make_page("sa", "ការងារសង្គម", SA, en_title="Social work", en_intro="Social accountability")
    data = api(client, q="គណនេយ្យភាព", locale="km")
    assert data["count"] == 1
    result = data["results"][0]
    assert set(result) == {"title", "url", "type", "locale", "snippet", "place"}
    assert result["title"] == "ការងារសង្គម"
    assert result["url"].startswith("/km/")
    assert (result["type"], result["locale"]) == ("page", "km")
    assert "<mark>គណនេយ្យភាព</mark>" in result["snippet"]  # one mark, no gap


def test_api_language_comes_from_the_locale_parameter(client, make_page):
    make_page("sa", "ការងារសង្គម", SA, en_title="Social work", en_intro="Social accountability")
    data = api(client, q="accountability", locale="en")
    assert [r["title"] for r in data["results"]] == ["Social work"]
    assert "<mark>accountability</mark>" in data["results"][0]["snippet"]


def test_prefixed_api_uses_the_url_language(client, make_page):
    make_page("sa", "ការងារសង្គម", SA, en_title="Social work", en_intro="Social accountability")
    data = client.get("/en/search/api/", {"q": "social"}).json()
    assert [r["locale"] for r in data["results"]] == ["en"]


def test_facets_count_types_and_languages(client, make_page):
    make_page("sa", "ការងារសង្គម", SA, en_title="Social work", en_intro="Social accountability")
    facets = api(client, q="សង្គម", locale="km")["facets"]
    assert set(facets) == {"type", "strategy", "actor", "province", "language"}
    assert facets["type"] == [{"value": "page", "label": "ទំព័រធម្មតា", "count": 1}]
    assert {f["value"]: f["count"] for f in facets["language"]} == {"km": 1}


def test_type_filter(client, make_page):
    make_page("sa", "ការងារសង្គម", SA)
    assert api(client, q="សង្គម", locale="km", type="page")["count"] == 1
    assert api(client, q="សង្គម", locale="km", type="lesson")["count"] == 0


def test_pagination(client, make_page):
    for n in range(12):
        make_page(f"p{n}", f"ទំព័រ {n}", SA)
    first = api(client, q="សង្គម", locale="km")
    second = api(client, q="សង្គម", locale="km", page=2)
    assert (first["count"], first["num_pages"], len(first["results"])) == (12, 2, 10)
    assert len(second["results"]) == 2
    assert not {r["url"] for r in first["results"]} & {r["url"] for r in second["results"]}


def test_a_page_past_the_end_is_the_last_page_and_says_so(client, make_page):
    for n in range(12):
        make_page(f"p{n}", f"ទំព័រ {n}", SA)
    last = api(client, q="សង្គម", locale="km", page=2)
    past = api(client, q="សង្គម", locale="km", page=99)
    assert (past["page"], past["num_pages"], past["count"]) == (2, 2, 12)
    assert past["results"] == last["results"]
    # The search page shows the same last page.
    html = client.get("/km/search/", {"q": "សង្គម", "page": 99}).content.decode()
    for result in last["results"]:
        assert f'href="{result["url"]}"' in html
    assert "?q=%E1%9E%9F%E1%9E%84%E1%9F%92%E1%9E%82%E1%9E%98&amp;page=1" in html  # "previous"


def test_a_page_number_without_results_is_page_one(client, make_page):
    make_page("sa", "ការងារសង្គម", SA)
    assert api(client, q="មិនមានទេ", locale="km", page=5)["page"] == 1
    assert api(client, locale="km", page=5)["page"] == 1


@pytest.mark.parametrize("url", ["/api/search/", "/en/search/api/"])
def test_an_unknown_locale_is_refused_naming_the_parameter(client, make_page, url):
    make_page("sa", "ការងារសង្គម", SA, en_title="Social work", en_intro="Social accountability")
    response = client.get(url, {"q": "social", "locale": "fr"})
    assert response.status_code == 400
    data = response.json()
    assert [error["field"] for error in data["errors"]] == ["locale"]
    assert "locale" in data["detail"]
    assert "fr" in data["errors"][0]["message"] and "km, en" in data["errors"][0]["message"]


def test_the_refusal_is_in_the_language_of_the_url(client):
    data = client.get("/km/search/api/", {"q": "សង្គម", "locale": "fr"}).json()
    assert data["detail"] == "ប៉ារ៉ាម៉ែត្រមិនត្រឹមត្រូវ៖ locale"
    assert data["errors"][0]["message"].startswith("មិនស្គាល់ភាសា “fr”")


def test_the_search_page_with_an_unknown_locale_searches_its_own_language(client, make_page):
    make_page("sa", "ការងារសង្គម", SA, en_title="Social work", en_intro="Social accountability")
    response = client.get("/en/search/", {"q": "social", "locale": "fr"})
    assert response.status_code == 200
    assert ">Social work</a>" in response.content.decode().replace("<mark>", "").replace(
        "</mark>", ""
    )


def test_drafts_private_pages_and_moderated_changes_never_appear(client, make_page, make_user):
    live, _ = make_page("live", "ផ្សាយ", SA)
    draft, _ = make_page("draft", "ព្រាង", SA)
    draft.unpublish()
    private, _ = make_page("private", "ឯកជន", SA)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    # A live page with a newer draft awaiting review: only its live text is searchable.
    editor = make_user("editor-x", is_superuser=True)
    live.intro = SA + " មន្ទីរពេទ្យថ្មី"
    live.save_revision(user=editor)
    Workflow.objects.first().start(live, editor)
    from search.tasks import index_object

    # What the worker does after each save: re-read the row and index it.
    for page in (draft, private, live):
        index_object(page.specific_class.objects.get(pk=page.pk))
    assert [r["title"] for r in api(client, q="គណនេយ្យភាព", locale="km")["results"]] == ["ផ្សាយ"]
    assert api(client, q="មន្ទីរពេទ្យ", locale="km")["count"] == 0


def test_nothing_found_offers_the_other_language(client, make_page):
    make_page("caf", "បណ្តាញ", "បណ្តាញ", en_title="CAF networks", en_intro="Selecting CAFs")
    data = api(client, q="CAFs", locale="km")
    assert data["count"] == 0
    assert data["other_language"] == {"locale": "en", "count": 1}


def test_nothing_found_offers_a_close_spelling(client, make_page):
    make_page("m", "Monitoring and evaluation", "", en_title="Monitoring and evaluation")
    data = api(client, q="evaluatoin", locale="en")
    assert data["count"] == 0
    assert data["did_you_mean"] == "evaluation"


def test_suggestions_complete_a_half_typed_khmer_word(client, make_page):
    make_page("acc", "គណនេយ្យភាពសង្គម", "")
    response = client.get("/km/search/suggest/", {"q": "គណនេ"})
    assert [s["title"] for s in response.json()["suggestions"]] == ["គណនេយ្យភាពសង្គម"]


def test_suggestions_for_nothing(client):
    assert client.get("/km/search/suggest/", {"q": " *"}).json() == {"suggestions": []}


def test_search_page_shows_highlighted_results_and_facets(client, make_page):
    make_page("sa", "ការងារសង្គម", SA)
    response = client.get("/km/search/", {"q": "គណនេយ្យភាព"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>គណនេយ្យភាព</mark>" in html
    assert "search/suggest.js" in html
    assert 'class="search-facets"' in html
    # The kind of page is named in the reader's language, not by its code.
    assert '<span class="result-type">ទំព័រធម្មតា</span>' in html


def test_search_page_empty_state_links_to_the_other_language(client, make_page):
    make_page("caf", "បណ្តាញ", "បណ្តាញ", en_title="CAF networks", en_intro="Selecting CAFs")
    html = client.get("/km/search/", {"q": "CAFs"}).content.decode()
    assert 'class="empty-state"' in html
    assert 'href="/en/search/?q=CAFs&amp;locale=en"' in html


def test_no_close_spelling_that_finds_nothing_either(client, make_page):
    make_page("m", "Monitoring and evaluation", "", en_title="Monitoring and evaluation")
    data = api(client, q="evaluatoin zzzqqqxx", locale="en")
    assert data["count"] == 0
    assert data["did_you_mean"] is None


def test_close_spelling_of_a_mixed_query_keeps_khmer_words_together(client, make_page):
    make_page("caf", "បណ្តាញ CAFs និងគណនេយ្យភាព", "")
    data = api(client, q="CAF គណនេយ្យភព", locale="km")
    assert data["count"] == 0
    assert data["did_you_mean"] == "CAFs គណនេយ្យភាព"
    assert api(client, q=data["did_you_mean"], locale="km")["count"] == 1


def test_search_page_offers_the_language_facet_with_counts(client, make_page):
    make_page("net", "បណ្តាញ CAFs", "", en_title="CAF networks", en_intro="Selecting CAFs")
    html = client.get("/km/search/", {"q": "CAFs"}).content.decode()
    assert "<h2>ភាសា</h2>" in html
    assert "<strong>ខ្មែរ</strong> (១)" in html
    assert '<a href="/en/search/?q=CAFs">English</a> (១)' in html
