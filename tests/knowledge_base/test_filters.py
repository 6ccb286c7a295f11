import datetime
import re

import pytest


def titles(response):
    return re.findall(r'<h2><a href="[^"]+" lang="\w+">([^<]+)</a></h2>', response.content.decode())


@pytest.fixture
def lessons(make_lesson):
    make_lesson(
        "a",
        "មេរៀន ក",
        "Lesson A",
        strategies=[1, 2],
        actors=["cso"],
        area_code="050101",
        sector="health",
        date=datetime.date(2025, 5, 1),
    )
    make_lesson(
        "b",
        "មេរៀន ខ",
        "Lesson B",
        strategies=[2],
        actors=["caf"],
        area_code="17",
        sector="education",
        date=datetime.date(2026, 1, 1),
    )
    make_lesson(
        "c",
        "មេរៀន គ",
        None,
        strategies=[5],
        actors=["cso"],
        area_code="0501",
        sector="health",
        date=datetime.date(2026, 6, 1),
    )


@pytest.mark.django_db
def test_lesson_index_lists_current_language_and_flags_khmer_only_pages(lessons, client):
    response = client.get("/en/lessons/")
    assert titles(response) == ["មេរៀន គ", "Lesson B", "Lesson A"]
    assert response.content.decode().count("Only in Khmer for now") == 1
    assert "3 lessons found" in response.content.decode()
    response = client.get("/km/lessons/")
    assert titles(response) == ["មេរៀន គ", "មេរៀន ខ", "មេរៀន ក"]
    assert "Only in" not in response.content.decode()
    # Counts in the digits of the language shown, as the dates beside them.
    assert "រកឃើញមេរៀន ៣" in response.content.decode()
    assert "រកឃើញមេរៀន 3" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query,expected",
    [
        ("strategy=2", ["Lesson B", "Lesson A"]),
        ("actor=cso", ["មេរៀន គ", "Lesson A"]),
        ("province=05", ["មេរៀន គ", "Lesson A"]),
        ("sector=health&year=2026", ["មេរៀន គ"]),
        ("strategy=2&province=05", ["Lesson A"]),
        ("year=2025&actor=caf", []),
        ("strategy=not-a-number", ["មេរៀន គ", "Lesson B", "Lesson A"]),
    ],
)
def test_every_filter_combination_is_a_shareable_url(lessons, client, query, expected):
    response = client.get(f"/en/lessons/?{query}")
    assert response.status_code == 200
    assert titles(response) == expected
    if not expected:
        assert "No lesson matches these filters." in response.content.decode()


@pytest.mark.django_db
def test_filter_options_show_counts_with_the_other_filters_applied(lessons, client):
    html = client.get("/en/lessons/?sector=health").content.decode()
    # Among health lessons: one in 2025, one in 2026; strategy 2 has one.
    assert re.search(r'<option value="2025"[^>]*>2025 \(1\)</option>', html)
    assert re.search(r'<option value="2"[^>]*>2\. [^<]+ \(1\)</option>', html)
    # The sector facet itself counts over everything else: health 2, education 1.
    assert re.search(r'<option value="health" selected>Health \(2\)</option>', html)
    assert re.search(r'<option value="education"[^>]*>Education \(1\)</option>', html)


@pytest.mark.django_db
def test_lesson_index_paginates_and_keeps_filters_in_page_links(make_lesson, client):
    for n in range(14):
        make_lesson(
            f"l{n}",
            f"មេរៀន {n}",
            f"Lesson {n}",
            sector="health",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
        )
    first = client.get("/en/lessons/?sector=health")
    assert len(titles(first)) == 12
    assert "Page 1 of 2" in first.content.decode()
    assert 'href="?sector=health&amp;page=2"' in first.content.decode()
    second = client.get("/en/lessons/?sector=health&page=2")
    assert titles(second) == ["Lesson 1", "Lesson 0"]


@pytest.mark.django_db
def test_empty_lesson_index_says_so(lesson_index, client):
    response = client.get("/en/lessons/")
    assert "No lesson has been published yet" in response.content.decode()


@pytest.mark.django_db
def test_exchange_index_filters_and_counts_hosted_and_sent_by_province(make_exchange, client):
    make_exchange(
        "v1",
        "ទស្សនកិច្ច ១",
        "Visit 1",
        host="07",
        visitors=["05", "17"],
        strategies=[2],
        start=datetime.date(2025, 3, 1),
    )
    make_exchange(
        "v2",
        "ទស្សនកិច្ច ២",
        "Visit 2",
        host="05",
        visitors=["0501"],
        strategies=[8],
        start=datetime.date(2026, 3, 1),
    )
    make_exchange(
        "v3",
        "ទស្សនកិច្ច ៣",
        None,
        host="05",
        visitors=["07"],
        strategies=[2],
        start=datetime.date(2026, 4, 1),
    )
    response = client.get("/en/exchanges/")
    html = response.content.decode()
    assert titles(response) == ["ទស្សនកិច្ច ៣", "Visit 2", "Visit 1"]
    assert "Only in Khmer for now" in html

    def row(code):
        match = re.search(rf'<tr data-province="{code}">(.*?)</tr>', html, re.DOTALL)
        return [int(n) for n in re.findall(r'class="bar-value">(\d+)<', match.group(1))]

    assert row("05") == [2, 2]  # hosted v2, v3; sent to v1 and (a Kampong Speu district) v2
    assert row("07") == [1, 1]
    assert row("17") == [0, 1]
    assert 'data-province="01"' not in html

    assert titles(client.get("/en/exchanges/?province=17")) == ["Visit 1"]
    assert titles(client.get("/en/exchanges/?strategy=2&year=2026")) == ["ទស្សនកិច្ច ៣"]
    assert titles(client.get("/km/exchanges/?province=07&strategy=8")) == []


@pytest.mark.django_db
def test_a_listings_outcome_is_kept_per_edit_and_its_statement_compiled_once(
    lessons, make_lesson, client, settings, monkeypatch
):
    """The facets' counts and the ordered results are kept per page-cache generation for the
    listing as first opened and with one filter, and worked out for each request with two; an
    edit (a new generation) works them out again, so they include what was published. The
    statement's SQL is compiled once per combination of filters, until a view restriction
    changes what ``.public()`` excludes."""
    from wagtail.models import PageViewRestriction

    from knowledge_base import filters
    from portal import facets

    settings.PAGE_CACHE_SECONDS = 0  # every page built: only what is kept is reused
    client.get("/en/lessons/")  # the first page of a new database writes ContactSettings
    monkeypatch.setattr(filters, "_statements", {})
    built, ran = [], []
    real_build, real_run = facets.count_statement, facets.run_counts
    monkeypatch.setattr(facets, "count_statement", lambda *a: built.append(1) or real_build(*a))
    monkeypatch.setattr(facets, "run_counts", lambda *a: ran.append(1) or real_run(*a))
    for query in ("", "", "actor=cso", "actor=cso", "actor=cso&year=2026", "actor=cso&year=2026"):
        client.get(f"/en/lessons/?{query}")
    assert (len(built), len(ran)) == (3, 1 + 1 + 2)
    assert "3 lessons found" in client.get("/en/lessons/").content.decode()
    assert (len(built), len(ran)) == (3, 4)
    _km, en = make_lesson("d", "មេរៀន ឃ", "Lesson D", strategies=[1], actors=["caf"])
    assert "4 lessons found" in client.get("/en/lessons/").content.decode()
    assert (len(built), len(ran)) == (3, 5)
    PageViewRestriction.objects.create(page=en, restriction_type=PageViewRestriction.LOGIN)
    html = client.get("/en/lessons/").content.decode()
    assert "4 lessons found" in html and "Lesson D" not in html  # មេរៀន ឃ stands for it
    assert (len(built), len(ran)) == (4, 6)
