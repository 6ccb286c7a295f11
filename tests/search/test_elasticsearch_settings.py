"""What the portal sends to Elasticsearch 8/9 and OpenSearch 2/3 (no server runs here).

These tests build the backends exactly as settings do, and assert on the index settings, the
mappings, the documents and the query bodies they would send.
"""

import json

import pytest
from wagtail.search.backends import get_search_backend

from portal.models import StandardPage
from search.backends.elasticsearch import KHMER_SET_EXCLUDED, analysis_settings

KINDS = ["elasticsearch8", "elasticsearch9", "opensearch2", "opensearch3"]


def backend_for(kind, **extra):
    return get_search_backend(
        f"search.backends.{kind}", URLS=["http://search.invalid:9200"], INDEX_PREFIX="t_", **extra
    )


@pytest.mark.parametrize("kind", KINDS)
def test_text_is_split_on_the_spaces_the_pipeline_put_between_khmer_words(kind):
    analysis = backend_for(kind).settings["settings"]["analysis"]
    default = analysis["analyzer"]["default"]
    assert analysis["tokenizer"][default["tokenizer"]] == {"type": "whitespace"}
    assert analysis["analyzer"]["default_search"] == default


@pytest.mark.parametrize("kind", KINDS)
def test_english_is_stemmed(kind):
    analysis = backend_for(kind).settings["settings"]["analysis"]
    filters = analysis["analyzer"]["default"]["filter"]
    assert "lowercase" in filters
    stemmer = analysis["filter"][filters[-1]]
    assert stemmer == {"type": "stemmer", "language": "english"}


@pytest.mark.parametrize("kind", KINDS)
def test_khmer_is_never_folded(kind):
    analysis = backend_for(kind).settings["settings"]["analysis"]
    for analyzer in analysis["analyzer"].values():
        for name in analyzer.get("filter", []):
            definition = analysis["filter"].get(name, {"type": name})
            # icu_folding deletes COENG (សង្គម → សងគម); only allowed with Khmer excluded.
            if definition["type"] == "icu_folding":
                assert definition["unicode_set_filter"] == KHMER_SET_EXCLUDED
            else:
                assert definition["type"] in {
                    "lowercase",
                    "asciifolding",
                    "stemmer",
                    "edge_ngram",
                    "ngram",
                }


def test_icu_folding_when_the_plugin_is_there_excludes_the_khmer_blocks():
    folding = analysis_settings(icu_folding=True)["settings"]["analysis"]["filter"]["latin_folding"]
    assert folding == {
        "type": "icu_folding",
        "unicode_set_filter": "[^\\u1780-\\u17FF\\u19E0-\\u19FF]",
    }


def test_index_settings_from_django_settings_are_merged_not_replaced():
    backend = backend_for(
        "elasticsearch8", INDEX_SETTINGS={"settings": {"index": {"number_of_shards": 1}}}
    )
    assert backend.settings["settings"]["index"]["number_of_shards"] == 1
    assert "default" in backend.settings["settings"]["analysis"]["analyzer"]


@pytest.mark.parametrize("kind", KINDS)
def test_mapping_uses_the_khmer_safe_analyzers(kind):
    mapping = backend_for(kind).mapping_class(StandardPage).get_mapping()
    properties = mapping.get("properties") or next(iter(mapping.values()))["properties"]
    assert properties["title"]["type"] == "text"
    assert "analyzer" not in properties["title"]  # the index's "default" analyzer
    assert properties["_edgengrams"]["search_analyzer"] == "khmer_prefix_search"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_documents_hold_segmented_khmer_with_inner_words(kind, home):
    km_home, _ = home
    page = StandardPage(title="ការវាយតម្លៃគណនេយ្យភាពសង្គម", intro="ក្រសួងមហាផ្ទៃ", slug="x")
    km_home.add_child(instance=page)
    document = backend_for(kind).mapping_class(StandardPage).get_document(page)
    text = json.dumps(document, ensure_ascii=False, default=str)
    for word in ["គណនេយ្យ", "ភាព", "សង្គម", "វាយតម្លៃ", "មហាផ្ទៃ"]:
        assert f" {word}" in text or f'"{word}' in text


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_queries_are_segmented_and_stripped_of_syntax(kind):
    backend = backend_for(kind)
    results = backend.search('គណនេយ្យភាព "AND (', StandardPage)
    body = json.dumps(results.query_compiler.get_query(), ensure_ascii=False)
    assert '"query": "គណនេយ្យ ភាព AND"' in body
    assert "(" not in body
