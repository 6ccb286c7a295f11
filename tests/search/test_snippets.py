"""Highlighted snippets: what is marked for a query, where they are cut, and that nothing else
is HTML."""

import html as html_lib
import unicodedata

from search import text
from search.snippets import highlight

SOURCE = text.normalise(
    "ទិដ្ឋភាពទូទៅនៃការងារគណនេយ្យភាពសង្គម និងការវាយតម្លៃរបស់ CAF ។ CAFETERIA <script>alert(1)</script>"
)


def marked(html):
    """The marked texts of a snippet, in order."""
    parts = html.split("<mark>")[1:]
    return [part.split("</mark>")[0] for part in parts]


def test_an_unspaced_khmer_query_is_marked_whole_not_word_by_word():
    # គណនេយ្យភាព is segmented into គណនេយ្យ + ភាព; ភាព alone must not be marked in ទិដ្ឋភាព.
    assert text.words("គណនេយ្យភាព") == ["គណនេយ្យ", "ភាព"]
    assert marked(highlight(SOURCE, "គណនេយ្យភាព")) == ["គណនេយ្យភាព"]


def test_matches_side_by_side_share_one_mark():
    assert marked(highlight(SOURCE, "គណនេយ្យភាព សង្គម")) == ["គណនេយ្យភាពសង្គម"]
    spaced = text.normalise("ការងារ គណនេយ្យភាព សង្គម ល្អ")
    assert marked(highlight(spaced, "សង្គម គណនេយ្យភាព")) == ["គណនេយ្យភាព សង្គម"]


def test_words_of_a_unit_are_marked_on_their_own_where_they_are_words():
    scattered = text.normalise("គណនេយ្យ របស់រដ្ឋបាល និងភាពត្រឹមត្រូវ")
    assert marked(highlight(scattered, "គណនេយ្យភាព")) == ["គណនេយ្យ", "ភាព"]


def test_a_typed_word_cut_in_two_is_marked_where_it_stands_whole_not_its_parts_elsewhere():
    # ICU cuts សមត្ថភាព and សកម្មភាព so that ភាព is a word of each; a search for គណនេយ្យភាព
    # marks គណនេយ្យភាព, not every ភាព on the page.
    source = text.normalise("សមត្ថភាពរបស់ CAF និងគណនេយ្យភាពសង្គម សកម្មភាព")
    assert marked(highlight(source, "គណនេយ្យភាព")) == ["គណនេយ្យភាព"]
    assert marked(highlight(source, "CAF គណនេយ្យភាព")) == ["CAF", "គណនេយ្យភាព"]
    # Written with a space between its words, it still stands whole.
    spaced = text.normalise("គណនេយ្យ ភាព សង្គម ចំណុច សមត្ថភាព")
    assert marked(highlight(spaced, "គណនេយ្យភាព")) == ["គណនេយ្យ ភាព"]


def test_a_part_also_typed_on_its_own_is_marked_everywhere():
    source = text.normalise("សមត្ថភាពរបស់រដ្ឋបាល និងគណនេយ្យភាពសង្គម")
    assert marked(highlight(source, "ភាព គណនេយ្យភាព")) == ["ភាព", "គណនេយ្យភាព"]


def test_a_query_word_is_not_marked_inside_another_word_even_without_the_whole_query():
    # The page has គណនេយ្យ but not គណនេយ្យភាព; ភាព is the end of the word ទិដ្ឋភាព.
    html = highlight(text.normalise("គណនេយ្យរបស់ខេត្ត និងទិដ្ឋភាពទូទៅ"), "គណនេយ្យភាព")
    assert marked(html) == ["គណនេយ្យ"]
    assert "ទិដ្ឋភាព" in html
    assert marked(highlight(text.normalise("ការងារ"), "ការ")) == []


def test_inner_words_of_a_compound_are_marked_as_the_index_finds_them():
    # ICU keeps ការវាយតម្លៃ whole; the index also holds its inner words ការ and វាយតម្លៃ.
    source = text.normalise("ការងារ និងការវាយតម្លៃ")
    assert marked(highlight(source, "វាយតម្លៃ")) == ["វាយតម្លៃ"]
    assert marked(highlight(source, "ការ")) == ["ការ"]  # in ការវាយតម្លៃ, not in ការងារ


def test_a_word_cut_by_the_edge_of_the_window_is_left_out_not_taken_for_a_match():
    # The window starts inside ទិដ្ឋភាព, at its ភាព: the snippet starts at the next word instead,
    # and ភាព is never marked, whole or cut.
    source = text.normalise("ទិដ្ឋភាព គណនេយ្យ")
    assert highlight(source, "គណនេយ្យ ភាព", window=len("ភាព ")) == "…<mark>គណនេយ្យ</mark>"
    assert marked(highlight(source, "គណនេយ្យ ភាព", window=20)) == ["គណនេយ្យ"]


def test_a_khmer_match_never_cuts_a_cluster():
    # ក្ក: the query ក must not be marked as the subscript half of ក្ក or before a vowel.
    assert marked(highlight(text.normalise("ក្ក កា ក"), "ក")) == ["ក"]


def test_english_on_word_boundaries_with_plural():
    html = highlight(SOURCE, "CAFs")
    assert marked(html) == ["CAF"]  # not inside CAFETERIA
    assert marked(highlight("Monitoring and monitoring", "MONITORING")) == [
        "Monitoring",
        "monitoring",
    ]


def test_everything_but_the_marks_is_escaped():
    html = highlight(SOURCE, "គណនេយ្យភាព")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    html = highlight(SOURCE, "script")
    assert "<script>" not in html
    assert "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;" in html
    assert marked(highlight("<b>x</b>", "<b>")) == ["b", "b"]
    assert "<b>" not in highlight("<b>x</b>", "<b>")


def test_the_snippet_is_cut_around_the_first_match():
    long = "ក" * 500 + " ការវាយតម្លៃ " + "ខ" * 500
    html = highlight(text.normalise(long), "វាយតម្លៃ", window=20)
    assert html.startswith("…") and html.endswith("…")
    assert marked(html) == ["វាយតម្លៃ"]
    assert len(html) < 80
    assert highlight("no match here", "zzz", window=5) == "no match…"


def shown_text(html):
    """The page text a snippet shows: no marks, no ellipses, unescaped."""
    return html_lib.unescape(html.replace("<mark>", "").replace("</mark>", "").strip("…"))


def assert_cut_on_word_boundaries(source, html):
    shown = shown_text(html)
    at = source.find(shown)
    assert at != -1, html
    spans = text.word_spans(source)
    if html.startswith("…"):
        assert at in {a for a, _b in spans}, f"starts inside a word: {html}"
        assert unicodedata.category(shown[0]) not in ("Mn", "Mc"), f"lone sign: {html}"
    if html.endswith("…"):
        assert at + len(shown) in {b for _a, b in spans}, f"ends inside a word: {html}"


KHMER_PAGE = text.normalise(
    "ការងារគណនេយ្យភាពសង្គមត្រូវបានធ្វើនៅថ្នាក់ឃុំសង្កាត់ស្ថាប័នូបនីយកម្មការវាយតម្លៃ" * 6
    + "ការផ្សព្វផ្សាយព័ត៌មានថវិកា"
    + "ស្ថាប័នូបនីយកម្មគណនេយ្យភាពសង្គមនិងការចូលរួមរបស់ពលរដ្ឋ" * 6
)


def test_an_unspaced_khmer_snippet_starts_and_ends_on_whole_words():
    # Counting characters would cut ស្ថាប័នូបនីយកម្ម at ីយកម្ម, a lone vowel sign, whatever the
    # window: the snippet is snapped to the words the index sees.
    for window in range(1, 60):
        html = highlight(KHMER_PAGE, "ព័ត៌មាន", window=window)
        assert html.startswith("…") and html.endswith("…")
        assert marked(html) == ["ព័ត៌មាន"]
        assert_cut_on_word_boundaries(KHMER_PAGE, html)


def test_a_snippet_without_a_match_ends_on_a_whole_word():
    for window in range(1, 40):
        assert_cut_on_word_boundaries(KHMER_PAGE, highlight(KHMER_PAGE, "zzz", window=window))


def test_an_english_snippet_never_cuts_a_word():
    source = "Communes publish their budgets. " * 10 + "The CAF reads them aloud. " * 10
    for window in range(1, 60):
        html = highlight(source, "caf", window=window)
        assert set(marked(html)) == {"CAF"}
        assert_cut_on_word_boundaries(source, html)
    assert highlight(source, "caf", window=12) == "…The <mark>CAF</mark> reads them…"


def test_the_match_stays_whole_when_the_window_is_smaller_than_its_word():
    # វាយតម្លៃ is an inner word of ការវាយតម្លៃ; with no room around it, it is shown alone.
    source = text.normalise("ការងារ ការវាយតម្លៃ ផែនការ")
    assert highlight(source, "វាយតម្លៃ", window=0) == "…ការ<mark>វាយតម្លៃ</mark>…"
