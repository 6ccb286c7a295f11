"""Index settings for Elasticsearch 8/9 and OpenSearch 2/3: English stemmed, Khmer untouched.

Text reaches these backends already normalised and segmented (``search.fields``), with Khmer
words separated by spaces. The analysis below therefore only has to split on those spaces and
treat English: lowercase, fold Latin accents, stem. It must not fold Khmer: ``icu_folding``
deletes the Khmer signs U+17C9–U+17D3, COENG included (សង្គម would become សងគម), so the
default chain uses ``asciifolding`` (Latin only) and no ICU plugin is required. Where the
``analysis-icu`` plugin is installed, ``SEARCH_ICU_FOLDING=1`` adds ``icu_folding`` restricted by
a ``unicode_set_filter`` that excludes the Khmer blocks.
"""

import os
from copy import deepcopy

from . import KhmerQueryMixin, with_snippet_texts

KHMER_SET_EXCLUDED = "[^\\u1780-\\u17FF\\u19E0-\\u19FF]"

ENGLISH_FILTERS = ["english_possessive", "lowercase", "latin_folding", "english_stemmer"]


def analysis_settings(icu_folding=None):
    """The ``INDEX_SETTINGS`` the portal gives Elasticsearch/OpenSearch (a fresh dict)."""
    if icu_folding is None:
        icu_folding = os.environ.get("SEARCH_ICU_FOLDING") == "1"
    folding = (
        {"type": "icu_folding", "unicode_set_filter": KHMER_SET_EXCLUDED}
        if icu_folding
        else {"type": "asciifolding", "preserve_original": False}
    )
    text_analyzer = {
        "type": "custom",
        # Khmer arrives with spaces between words; the standard tokenizer would glue a
        # run of Khmer words back together, the whitespace tokenizer keeps our cuts.
        "tokenizer": "khmer_words",
        "char_filter": ["drop_punctuation"],
        "filter": list(ENGLISH_FILTERS),
    }
    return {
        "settings": {
            "analysis": {
                "char_filter": {
                    # Punctuation (ASCII and Khmer ។ ៕) becomes a space, so "CAFs," is "CAFs".
                    "drop_punctuation": {
                        "type": "pattern_replace",
                        "pattern": "[\\p{P}\\p{S}\\u17D4-\\u17DA]",
                        "replacement": " ",
                    }
                },
                "tokenizer": {"khmer_words": {"type": "whitespace"}},
                "filter": {
                    "english_possessive": {"type": "stemmer", "language": "possessive_english"},
                    "english_stemmer": {"type": "stemmer", "language": "english"},
                    "latin_folding": folding,
                    "edgengram": {"type": "edge_ngram", "min_gram": 1, "max_gram": 15},
                },
                "analyzer": {
                    # Every text field without an explicit analyzer (all SearchFields, _all_text
                    # and the boost fields) uses "default".
                    "default": text_analyzer,
                    "default_search": deepcopy(text_analyzer),
                    "edgengram_analyzer": {
                        "type": "custom",
                        "tokenizer": "khmer_words",
                        "char_filter": ["drop_punctuation"],
                        "filter": ["lowercase", "latin_folding", "edgengram"],
                    },
                    "khmer_prefix_search": {
                        "type": "custom",
                        "tokenizer": "khmer_words",
                        "char_filter": ["drop_punctuation"],
                        "filter": ["lowercase", "latin_folding"],
                    },
                },
            }
        }
    }


class KhmerMappingMixin:
    """Autocomplete fields searched with the same whitespace tokenizer they were indexed with."""

    edgengram_analyzer_config = {
        "analyzer": "edgengram_analyzer",
        "search_analyzer": "khmer_prefix_search",
    }


def _deep_merge(base, extra):
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _deep_merge(base[key], value)
        else:
            base[key] = value
    return base


def khmer_backend(base):
    """Build the Khmer-aware subclass of an Elasticsearch/OpenSearch backend class.

    Its mapping uses the Khmer-safe autocomplete analyzers, its index settings are
    :func:`analysis_settings` (merged under any ``INDEX_SETTINGS`` given in settings), and its
    queries are segmented by ``KhmerQueryMixin``.
    """
    prefix = "Khmer"
    mapping = type(
        prefix + base.mapping_class.__name__, (KhmerMappingMixin, base.mapping_class), {}
    )
    compiler = type(
        prefix + base.query_compiler_class.__name__,
        (base.query_compiler_class,),
        {"mapping_class": mapping},
    )
    autocomplete = type(
        prefix + base.autocomplete_query_compiler_class.__name__,
        (base.autocomplete_query_compiler_class,),
        {"mapping_class": mapping},
    )

    def __init__(self, params):
        params = dict(params)
        params["INDEX_SETTINGS"] = _deep_merge(
            analysis_settings(), deepcopy(params.get("INDEX_SETTINGS") or {})
        )
        base.__init__(self, params)

    return type(
        prefix + base.__name__,
        (KhmerQueryMixin, base),
        {
            "__init__": __init__,
            "__module__": base.__module__,
            "mapping_class": mapping,
            "query_compiler_class": compiler,
            "autocomplete_query_compiler_class": autocomplete,
            "index_class": with_snippet_texts(base.index_class),
        },
    )
