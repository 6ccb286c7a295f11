"""The database backend (SQLite FTS5 or PostgreSQL) with Khmer-aware queries.

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}``. Like Wagtail's
own ``database`` backend, the concrete class depends on the default database's vendor.
SQLite needs the FTS table recreated with a tokenizer that keeps Khmer marks (migration
``search/migrations/0001_khmer_fts_tokenizer.py``); PostgreSQL's parser already keeps them and
uses the ``english`` text-search configuration so English words are stemmed.
"""

from django.db import connection
from wagtail.search.backends.database import SearchBackend as wagtail_database_backend

from . import KhmerQueryMixin, with_snippet_texts

_classes = {}


def _khmer_class(base):
    if base not in _classes:
        attributes = {}
        if base.__name__ == "SQLiteSearchBackend":
            from . import sqlite_ranking

            attributes = {
                "query_compiler_class": sqlite_ranking.RankedSQLiteSearchQueryCompiler,
                "autocomplete_query_compiler_class": (
                    sqlite_ranking.RankedSQLiteAutocompleteQueryCompiler
                ),
                "results_class": sqlite_ranking.RankedSQLiteSearchResults,
                "index_class": sqlite_ranking.BulkSQLiteIndex,
            }
        elif base.__name__ == "PostgresSearchBackend":
            from . import postgres_ranking

            attributes = {
                "query_compiler_class": postgres_ranking.RankedPostgresSearchQueryCompiler,
                "autocomplete_query_compiler_class": (
                    postgres_ranking.RankedPostgresAutocompleteQueryCompiler
                ),
                "results_class": postgres_ranking.RankedPostgresSearchResults,
                "rebuilder_class": postgres_ranking.AnalyzingRebuilder,
                "atomic_rebuilder_class": postgres_ranking.AnalyzingAtomicRebuilder,
            }
        attributes["index_class"] = with_snippet_texts(
            attributes.get("index_class", base.index_class)
        )
        _classes[base] = type(f"Khmer{base.__name__}", (KhmerQueryMixin, base), attributes)
    return _classes[base]


def SearchBackend(params):  # noqa: N802 - the name Wagtail's loader looks for
    """Wagtail's database backend for this database's vendor, made Khmer-aware."""
    params = dict(params)
    if connection.vendor == "postgresql":
        # English stemming (CAFs finds CAF); Khmer words are left as they are by the english
        # configuration's parser and stemmer.
        params.setdefault("SEARCH_CONFIG", "english")
    vendor_class = type(wagtail_database_backend(params))
    return _khmer_class(vendor_class)(params)
