"""Khmer and English search through the configured database backend (SQLite or PostgreSQL)."""

import random
import string

import pytest
from django.db import connection
from wagtail.search.backends import get_search_backend

from portal.models import StandardPage
from search.fields import KhmerAutocompleteField, KhmerSearchField

pytestmark = pytest.mark.django_db

BODY = "ការងារគណនេយ្យភាពសង្គមត្រូវបានធ្វើ"


def titles(query, model=StandardPage, **kwargs):
    return {p.title for p in model.objects.live().search(query, **kwargs)}


def test_every_declared_search_field_is_khmer_aware():
    fields = StandardPage.get_search_fields()
    plain = [f for f in fields if type(f).__name__ in ("SearchField", "AutocompleteField")]
    assert plain == []
    assert any(isinstance(f, KhmerSearchField) and f.field_name == "title" for f in fields)
    assert any(isinstance(f, KhmerAutocompleteField) for f in fields)


def test_word_inside_an_unspaced_phrase_is_found(make_page):
    make_page("sa", "ទំព័រ", BODY)
    assert titles("គណនេយ្យភាព") == {"ទំព័រ"}


def test_a_different_word_sharing_consonants_is_not_found(make_page):
    make_page("sa", "ទំព័រ", BODY)
    assert titles("គណនា") == set()


def test_inner_word_of_a_compound_is_found(make_page):
    make_page("me", "ទំព័រ", "ការត្រួតពិនិត្យ និងការវាយតម្លៃ")
    make_page("moi", "ក្រសួង", "សាលាជាតិរដ្ឋបាលមូលដ្ឋាន (ក្រសួងមហាផ្ទៃ)")
    assert titles("វាយតម្លៃ") == {"ទំព័រ"}
    assert titles("មហាផ្ទៃ") == {"ក្រសួង"}
    assert titles("ការវាយតម្លៃ") == {"ទំព័រ"}


def test_title_only_match_in_khmer(make_page):
    make_page("plan", "ផែនការសកម្មភាពគណនេយ្យភាពសង្គម", "")
    assert titles("សកម្មភាព") == {"ផែនការសកម្មភាពគណនេយ្យភាពសង្គម"}


def test_typing_order_variant_in_query_finds_the_page(make_page):
    make_page("women", "ស្ត្រី", "ការចូលរួមរបស់ស្ត្រី")
    assert titles("ស្រ្តី") == {"ស្ត្រី"}


def test_zero_width_spaces_in_the_text_do_not_break_words(make_page):
    make_page("zw", "ZW", "គណនេយ្យ\u200bភាព\u200bសង្គម")
    assert titles("គណនេយ្យភាព") == {"ZW"}


def test_english_keeps_stemming(make_page):
    make_page(
        "caf", "CAF", "", en_title="Networks", en_intro="Selecting CAFs and building networks"
    )
    assert "Networks" in titles("CAF")
    assert "Networks" in titles("network")


def test_mixed_script_query(make_page):
    make_page("mix", "ការជ្រើសរើស CAFs", "ការជ្រើសរើស CAFs និងការបង្កើតបណ្តាញ CAFs")
    assert titles("ជ្រើសរើស CAF") == {"ការជ្រើសរើស CAFs"}


def test_admin_and_chooser_searches_are_segmented_too(make_page):
    # The Wagtail admin searches through the backend's search() with a parsed query object.
    from wagtail.search.utils import parse_query_string

    make_page("sa", "ទំព័រ", BODY)
    _filters, query = parse_query_string("គណនេយ្យភាព")
    backend = get_search_backend()
    assert [p.title for p in backend.search(query, StandardPage.objects.live())] == ["ទំព័រ"]


def test_autocomplete_accepts_a_half_typed_khmer_word(make_page):
    from search.backends import RawPrefix

    make_page("acc", "គណនេយ្យភាពសង្គម", "")
    backend = get_search_backend()
    found = [p.title for p in backend.autocomplete(RawPrefix("គណនេ"), StandardPage.objects.live())]
    assert found == ["គណនេយ្យភាពសង្គម"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgres_gives_proper_khmer_lexemes():
    from search.text import index_text

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('english', %s)::text", [index_text(BODY + " CAFs")])
        vector = cursor.fetchone()[0]
    assert "'គណនេយ្យ'" in vector and "'ភាព'" in vector and "'caf'" in vector


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgres_index_vectors_are_compressed_with_lz4(make_page):
    make_page("lz4", "ទំព័រ", BODY * 200)  # long enough to be stored compressed
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attcompression FROM pg_attribute "
            "WHERE attrelid = 'wagtailsearch_indexentry'::regclass AND attname = ANY(%s)",
            [["body", "body_text"]],
        )
        assert dict(cursor.fetchall()) == {"body": "l", "body_text": "l"}
        cursor.execute(
            "SELECT pg_column_compression(body) FROM wagtailsearch_indexentry "
            "WHERE pg_column_compression(body) IS NOT NULL"
        )
        assert {row[0] for row in cursor.fetchall()} == {"lz4"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgres_keeps_index_vectors_in_the_row_and_moves_the_text_out(make_page):
    # 300 distinct random words: a body vector of ~5 kB and a text of ~3 kB (random letters
    # barely compress), over the 2 kB at which PostgreSQL moves a row's values to TOAST.
    rng = random.Random(4)
    words = " ".join("".join(rng.choices(string.ascii_lowercase, k=9)) for _ in range(300))
    make_page("inline", "ទំព័រ", words)

    def buffers_read(column):
        """Shared buffers read to get the entry's ``column``: the heap page if it is in the
        row; the TOAST index and its chunks on top if it was moved out."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT length({column}::text) "
                "FROM wagtailsearch_indexentry WHERE body @@ plainto_tsquery('english', %s)",
                [words.split()[0]],
            )
            plan = cursor.fetchone()[0][0]
        return plan["Plan"]["Shared Hit Blocks"] + plan["Plan"]["Shared Read Blocks"]

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute "
            "WHERE attrelid = 'wagtailsearch_indexentry'::regclass AND attname = ANY(%s)",
            [["title", "body", "body_text"]],
        )
        assert dict(cursor.fetchall()) == {"title": "m", "body": "m", "body_text": "x"}
    # The body vector is read with the row, as the small title vector is (with EXTENDED storage
    # it was moved out: 3 buffers for the title, 5 for the body); the text is moved out.
    assert buffers_read("body") == buffers_read("title") < buffers_read("body_text")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgres_ranked_search_plans_without_seqscan_then_restores_it(make_page):
    from django.test.utils import CaptureQueriesContext

    from search.backends.postgres_ranking import index_scans

    def seqscan():
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_seqscan')")
            return cursor.fetchone()[0]

    make_page("plan", "គណនេយ្យភាពសង្គម")
    with index_scans(connection):
        assert seqscan() == "off"
    assert seqscan() == "on"  # inside the test's own transaction too
    with CaptureQueriesContext(connection) as queries:
        assert titles("គណនេយ្យភាព") == {"គណនេយ្យភាពសង្គម"}
    sql = [query["sql"] for query in queries.captured_queries]
    ranked = next(i for i, s in enumerate(sql) if "ts_rank" in s)
    assert "'enable_seqscan', 'off'" in sql[ranked - 1]
    assert seqscan() == "on"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgres_planner_setting_ends_with_a_block_run_outside_any_transaction():
    from search.backends.postgres_ranking import index_scans

    def seqscan():
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_seqscan')")
            return cursor.fetchone()[0]

    assert not connection.in_atomic_block  # as in a web request
    with index_scans(connection):
        assert seqscan() == "off"
    assert seqscan() == "on"  # the block's own transaction ended, and the setting with it


def test_queries_of_several_words_are_ranked_by_frequency():
    from wagtail.search.query import Phrase, PlainText

    from search.backends.postgres_ranking import rank_query

    one = PlainText("គណនេយ្យ")
    assert rank_query(one) is one
    for words in (["គណនេយ្យ", "ភាព"], ["ក"] * 12):
        query = PlainText(" ".join(words), boost=2.0)
        ranked = rank_query(query)
        assert (ranked.operator, ranked.boost) == ("or", 2.0)
        assert ranked.query_string == query.query_string
    assert rank_query(Phrase("ក ខ គ ឃ ង ច")).query_string == "ក ខ គ ឃ ង ច"
    either = PlainText("ក ខ គ ឃ ង ច", operator="or")
    assert rank_query(either) is either


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgres_long_query_puts_the_page_that_uses_its_words_most_first(make_page):
    phrase = "ការរៀបចំផែនការសកម្មភាព និងថវិកាស្តីពីការអនុវត្តការងារគណនេយ្យភាពសង្គម"
    make_page("often", "ញឹកញាប់", " ".join([phrase] * 60))
    make_page("less", "តិចជាង", " ".join([phrase] * 30))
    # Ranked by proximity (``&``), both score the maximum, 0.9999970: a tie, which the newest
    # page ("less") wins.
    hits = [p.title for p in StandardPage.objects.live().search(phrase)]
    assert hits == ["ញឹកញាប់", "តិចជាង"]
