"""The Khmer text pipeline: one normalisation and one segmentation for index and query."""

import pytest

from search import text


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("ស្រ្តី", "ស្ត្រី"),  # COENG RO typed before the other subscript
        ("សេចក្ដី", "សេចក្តី"),  # subscript DA written for subscript TA
        ("\u1780\u17c1\u17b8", "\u1780\u17be"),  # េ + ី typed for ើ
        ("\u1780\u17c1\u17b6", "\u1780\u17c4"),  # េ + ា typed for ោ
        ("គណនេយ្យ\u200bភាព", "គណនេយ្យភាព"),  # zero-width space inside a word
    ],
)
def test_typing_order_variants_normalise_to_one_spelling(typed, canonical):
    assert text.normalise(typed) == text.normalise(canonical)
    assert text.query_words(typed) == text.query_words(canonical)


def test_khmer_phrase_is_cut_into_words():
    assert text.words("ការងារគណនេយ្យភាពសង្គមត្រូវបានធ្វើ") == [
        "ការងារ",
        "គណនេយ្យ",
        "ភាព",
        "សង្គម",
        "ត្រូវ",
        "បាន",
        "ធ្វើ",
    ]


def test_zero_width_space_and_punctuation_never_become_terms():
    assert text.words("គណនេយ្យ\u200b ភាព ។ \u200b") == ["គណនេយ្យ", "ភាព"]
    assert "\u200b" not in text.index_text("\u200bគណនេយ្យ\u200bភាព\u200b")


def test_latin_text_is_left_for_the_backend_to_stem():
    assert text.index_text("Selecting CAFs and building networks") == (
        "Selecting CAFs and building networks"
    )


def test_mixed_scripts_keep_both_languages_words():
    assert text.query_words("ការជ្រើសរើស CAFs និងបណ្តាញ CAF") == [
        "ការ",
        "ជ្រើសរើស",
        "CAFs",
        "និង",
        "បណ្តាញ",
        "CAF",
    ]


@pytest.mark.parametrize(
    ("compound", "inner"),
    [
        ("ការវាយតម្លៃ", "វាយតម្លៃ"),
        ("ការវាយតម្លៃ", "តម្លៃ"),
        ("ក្រសួងមហាផ្ទៃ", "មហាផ្ទៃ"),
        ("ក្រសួងមហាផ្ទៃ", "ក្រសួង"),
        ("ការអនុវត្ត", "អនុវត្ត"),
        ("ការទទួលខុសត្រូវ", "ទទួលខុសត្រូវ"),
    ],
)
def test_inner_words_of_compounds_are_indexed(compound, inner):
    indexed = text.index_text(compound).split()
    assert compound in indexed
    assert inner in indexed
    # The query for the inner word is the inner word, so it matches the indexed sub-word.
    assert text.query_words(inner) == [inner]


def test_sub_words_never_start_inside_a_syllable():
    # ការទទួលខុ|សត្រូវ ("enemy") and ការវា|យតម្លៃ are not words of these compounds.
    assert "សត្រូវ" not in text.sub_words("ការទទួលខុសត្រូវ")
    assert "យត" not in text.sub_words("ការវាយតម្លៃ")


def test_queries_lose_search_engine_syntax():
    assert text.query_text('"CAF" AND (budget* NEAR/3 plan) OR 1; DROP TABLE x;--') == (
        "CAF AND budget NEAR 3 plan OR 1 DROP TABLE x"
    )
    assert text.query_text('*()"\x00\x07') == ""


def test_long_queries_are_capped():
    assert len(text.query_words("សង្គម " * 5000)) == text.MAX_QUERY_WORDS


def test_empty_input():
    assert text.index_text("") == ""
    assert text.query_text(None) == ""
    assert text.words("   ") == []


def test_word_spans_point_at_the_words_the_index_sees():
    mixed = text.normalise("ទិដ្ឋភាពទូទៅ។ CAF-CAFETERIA, គណនេយ្យភាព 2024 ការវាយតម្លៃ")
    found = [mixed[start:end] for start, end in text.word_spans(mixed)]
    assert found == text.words(mixed)
    assert "ភាព" in found and "ទិដ្ឋភាព" in found  # ភាព only where it is a word of its own
    compound = text.normalise("ការវាយតម្លៃ")
    inner = {compound[start:end] for start, end in text.inner_word_spans(compound)}
    assert inner == set(text.sub_words(compound))


def test_text_segmented_once_gives_the_same_words_back_without_segmenting_again():
    mixed = text.normalise("ទិដ្ឋភាពទូទៅ។ CAF-CAFETERIA, គណនេយ្យភាព ២០២៤ ការវាយតម្លៃ ៗ x_y")
    marked = text.mark_words(mixed)
    # A zero-width space where ICU cut each Khmer run, nothing else changed.
    assert marked.replace(text.WORD_BREAK, "") == mixed
    assert "គណនេយ្យ\u200bភាព" in marked and "CAF-CAFETERIA" in marked
    source, breaks = text.unmark_words(marked)
    assert source == mixed
    assert text.word_spans(source, breaks) == text.word_spans(mixed)
    assert text.unmark_words("") == ("", ())
