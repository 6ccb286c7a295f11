"""Issue 15, part 2: "did you mean" for common Khmer misspellings, from the whole index."""

import pytest

from search import spelling, text

PAGES = {
    "s1": ("ការលើកកម្ពស់ការទទួលខុសត្រូវរបស់យន្តការគណនេយ្យភាពសង្គម", ""),
    "s2": ("ការអភិវឌ្ឍសមត្ថភាព", "ការអភិវឌ្ឍសមត្ថភាពអំពីការងារគណនេយ្យភាពសង្គម"),
    "s5": ("ការត្រួតពិនិត្យ និងការវាយតម្លៃ", "ក្រុមការងារប្រមូលទិន្នន័យ ហើយត្រួតពិនិត្យគុណភាព"),
    "i4c": ("កញ្ចប់ I4C", "ការផ្សព្វផ្សាយព័ត៌មានដល់ប្រជាពលរដ្ឋ"),
    "health": ("មណ្ឌលសុខភាព", "សាលាបឋមសិក្សា និងមណ្ឌលសុខភាព"),
}

# (typed, meant): the misspellings people make most: a subscript missing or wrong, a vowel
# sign missing, a consonant that sounds alike, ំ for a subscript ម, a missing final subscript.
MISSPELLINGS = [
    ("គណនេយភាព", "គណនេយ្យភាព"),  # ្យ missing: ICU cuts the rest into junk
    ("សង្កម", "សង្គម"),  # wrong subscript
    ("ការអភិវឌ្ឈ", "ការអភិវឌ្ឍ"),  # ឈ for ឍ, which sound alike
    ("ការវាយតំលៃ", "ការវាយតម្លៃ"),  # the old spelling with NIKAHIT
    ("សមត្ថភាភ", "សមត្ថភាព"),  # ភ for ព
    ("ត្រួតពិនិត", "ត្រួតពិនិត្យ"),  # the final subscript missing
    ("ពត៌មាន", "ព័ត៌មាន"),  # a sign missing; the word is only in a page's body
    ("ប្រជាពលរដ", "ប្រជាពលរដ្ឋ"),  # only in a body
    ("ទិនន័យ", "ទិន្នន័យ"),  # only in a body
    ("គណនេយ្យភាពសង្កម", "គណនេយ្យភាពសង្គម"),  # one word of a phrase
]


@pytest.fixture
def corpus(make_page):
    for slug, (title, intro) in PAGES.items():
        make_page(slug, title, intro)


@pytest.mark.django_db
@pytest.mark.parametrize("typed,meant", MISSPELLINGS)
def test_a_misspelt_khmer_query_gets_its_spelling_through_the_api(client, corpus, typed, meant):
    response = client.get("/api/search/", {"q": typed, "locale": "km"})
    body = response.json()
    assert body["did_you_mean"] == meant
    # Following the suggestion finds pages.
    assert client.get("/api/search/", {"q": meant, "locale": "km"}).json()["count"] > 0


@pytest.mark.django_db
def test_the_search_page_links_the_suggestion(client, corpus):
    page = client.get("/km/search/", {"q": "ពត៌មាន"}).content.decode()
    assert "ព័ត៌មាន" in page
    assert "?q=%E1%9E%96%E1%9F%90" in page  # the link searches ព័…


@pytest.mark.django_db
def test_a_query_found_as_typed_gets_no_suggestion(client, corpus):
    body = client.get("/api/search/", {"q": "គណនេយ្យភាព", "locale": "km"}).json()
    assert body["count"] > 0 and body["did_you_mean"] is None


@pytest.mark.django_db
def test_another_word_is_not_corrected_into_a_near_one(client, corpus):
    # គណនា (calculation) shares letters with គណនេយ្យ but is a word of its own.
    assert client.get("/api/search/", {"q": "គណនា", "locale": "km"}).json()["did_you_mean"] is None


@pytest.mark.django_db
def test_a_word_indexed_later_is_suggested_at_once(client, corpus, make_page):
    assert client.get("/api/search/", {"q": "យុវជ", "locale": "km"}).json()["did_you_mean"] is None
    make_page("youth", "ក្រុមយុវជន", "")
    assert client.get("/api/search/", {"q": "យុវជ", "locale": "km"}).json()["did_you_mean"] == (
        "យុវជន"
    )


@pytest.mark.django_db
def test_a_typo_that_a_page_shares_still_gets_the_spelling_most_pages_use(
    client, corpus, make_page
):
    make_page("typo", "ទំព័រមួយ", "ការវាយតំលៃ")  # one page with the old spelling
    for n in range(3):
        make_page(f"evaluation-{n}", f"ទំព័រ {n}", "ការវាយតម្លៃលទ្ធផល")
    body = client.get("/api/search/", {"q": "ការវាយតំលៃ", "locale": "km"}).json()
    assert body["count"] == 1
    assert body["did_you_mean"] == "ការវាយតម្លៃ"


def test_the_distance_reads_khmer_clusters():
    d = spelling.distance
    n = text.normalise
    # A subscript or a vowel sign missing costs less than a consonant wrong.
    assert d(n("គណនេយ"), n("គណនេយ្យ")) < d(n("គណនេយ"), n("គណនេក"))
    assert d(n("ពត៌មាន"), n("ព័ត៌មាន")) == 0.5
    # Typing order and ្ដ/្ត are the same word once normalised.
    assert d(n("ស្រ្តី"), n("ស្ត្រី")) == 0
    assert d(n("បណ្ដាញ"), n("បណ្តាញ")) == 0
    # Sound-alike consonants are nearer than others.
    assert d("ឍ", "ឈ") < d("ឍ", "ក")


@pytest.mark.django_db
def test_the_vocabulary_read_for_an_index_version_is_shared_by_other_processes(
    client, corpus, make_page, monkeypatch
):
    """One process reads the index's words after a write; another (here: this one, its own
    copy forgotten) loads them from the shared cache; the next write makes them read again."""
    from search import hints

    read = []
    real = hints._index_terms
    monkeypatch.setattr(hints, "_index_terms", lambda: read.append(1) or real())
    hints.index_changed()
    assert "សុខភាព" in hints.vocabulary()
    hints._vocabulary.clear()  # another process
    assert "សុខភាព" in hints.vocabulary()
    assert len(read) == 1
    make_page("youth", "ក្រុមយុវជន", "")  # an index write: a new version
    hints._vocabulary.clear()
    assert "យុវជន" in hints.vocabulary()
    assert len(read) == 2
