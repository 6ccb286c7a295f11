"""Relevance ranking for the PostgreSQL backend that stays fast on 10,000 documents.

modelsearch's PostgreSQL compiler joins every page to its index entry through a generic
relation (``object_id`` text against the page id), matches ``title || body`` row by row and
orders the *page* queryset by ``ts_rank`` expressions, so Django loads and PostgreSQL ranks
every hit before the ``LIMIT``. This compiler works on the index entries alone:

- the match is ``(title || body) @@ tsquery``, the expression of the GIN index created by
  ``search/migrations/0002_postgres_title_body_gin.py``, so a rare word is one index lookup;
- the allowed objects (live, public, the locale, the filters) are one non-correlated
  ``object_id IN (…)`` subquery;
- the rank is modelsearch's own (``ts_rank`` on the stored title and body vectors, the title
  weighted by ``title_norm``), computed once per hit in SQL, sorted and cut in SQL, so only the
  requested window of ids reaches Python and only those pages are loaded;
- a query of several words is ranked by how often its words occur (``ts_rank`` of the words
  joined by ``|``), not by how close together they are (``&``), and still matched with ``&``:
  the same signal as the other backends (SQLite's FTS5 ``bm25`` and Elasticsearch's BM25 score
  term frequency, not proximity). ``ts_rank`` with ``&`` sums a proximity weight over every pair
  of the words' positions: its cost grows with the square of the positions, and past a few
  words nearly every hit scores the maximum, so the order is left to ties. On the 10,000-page
  benchmark corpus, of the 3,535 pages that hold all 12 words of a long Khmer phrase, 3,524
  score 0.9999997 with ``&`` and the rank took 170 ms; with ``|`` they take 3,386 distinct
  scores and 45 ms. A Khmer word the segmenter splits (គណនេយ្យភាព: គណនេយ្យ, ភាព) is such a query:
  its 5,000 hits rank in 18 ms instead of 24;
- the allowed objects are compared by id as integers (``object_id::integer IN (…)``) when the
  model's key is one, which hashes faster than modelsearch's text comparison (2-5 ms on 5,000
  hits);
- the ids for facets are a plain ``SELECT`` of the same match; the portal's own search counts,
  facets and ranks in one statement from ``scored_matches_query`` (every hit with its rank,
  ``portal.facets.count_together``), so the hits are found and joined to their pages once;
- the ranked and counting statements run with sequential scans switched off (``index_scans``):
  the planner prices ``(title || body) @@ tsquery`` at two operator calls per row, but a
  sequential scan concatenates (and decompresses) both vectors of every entry, which took
  50-60 ms on 10,000 entries where the GIN bitmap takes 5 ms.

Negation, ``MatchAll``, fuzzy queries and ``order_by_relevance=False`` stay modelsearch's code.
"""

from contextlib import contextmanager

from django.contrib.postgres.search import SearchVectorField
from django.db import connections, transaction
from django.db.models import F
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Length
from wagtail.search.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresSearchAtomicRebuilder,
    PostgresSearchQueryCompiler,
    PostgresSearchRebuilder,
    PostgresSearchResults,
)
from wagtail.search.models import IndexEntry
from wagtail.search.query import Fuzzy, MatchAll, Not, PlainText
from wagtail.search.utils import get_descendants_content_types_pks

from . import RankedResultsMixin, object_pks, with_object_pk


@contextmanager
def index_scans(connection):
    """Plan the statements run inside without sequential scans, then put the setting back.

    The setting lasts until the end of the transaction, so the block runs in one. Outside any
    transaction (a web request) that transaction is the block's own and ends with it: one
    ``SET LOCAL``. Inside one (a savepoint: a test's transaction, a caller's ``atomic``) the
    previous value is read and put back, so the surrounding transaction carries on planning as
    before."""
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        previous = None
        if outermost:
            cursor.execute("SET LOCAL enable_seqscan = off")
        else:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), "
                "set_config('enable_seqscan', 'off', true)"
            )
            previous = cursor.fetchone()[0]
        try:
            yield
        finally:
            if previous is not None:
                cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])


def rank_query(query):
    """The query to rank the hits of ``query`` by: for a plain text query of several words that
    must all match, the same words with any of them counting (see the module's docstring);
    otherwise the query itself."""
    if (
        isinstance(query, PlainText)
        and query.operator == "and"
        and len(query.query_string.split()) > 1
    ):
        return PlainText(query.query_string, operator="or", boost=query.boost)
    return query


class RankedMixin:
    #: (vector column, weight) pairs ranked and matched, as modelsearch's ``get_index_vectors``.
    INDEX_VECTORS = (("title", "title_norm"), ("body", None))

    def _entries(self, config, allowed_only=True):
        """IndexEntry queryset of every allowed hit, or None when modelsearch should handle it."""
        if (
            not self.order_by_relevance
            or self.fields is not None
            or isinstance(self.query, (MatchAll, Fuzzy, Not))
        ):
            return None
        tsquery = self.build_tsquery(self.query, config=config)
        columns = [column for column, _weight in self.INDEX_VECTORS]
        vector = F(columns[0])
        for column in columns[1:]:
            vector = CombinedExpression(vector, "||", F(column), output_field=SearchVectorField())
        entries = IndexEntry.objects.annotate(_match_vector=vector).filter(
            _match_vector=tsquery,
            content_type_id__in=list(get_descendants_content_types_pks(self.queryset.model)),
        )
        if not allowed_only:
            return entries
        allowed = self.queryset.order_by().values("pk")
        return with_object_pk(entries, self.queryset.model).filter(_pk__in=allowed)

    def _rank(self, config):
        """modelsearch's ``_build_rank_expression``, with the query of :func:`rank_query`."""
        query = rank_query(self.query)
        ranks = [
            self.build_tsrank(F(column), query, config=config) * (F(weight) if weight else 1.0)
            for column, weight in self.INDEX_VECTORS
        ]
        return sum(ranks[1:], ranks[0])

    def ranked_window(self, config, start, stop):
        """[(pk, score)] of the allowed hits ``start:stop``, best first; None: not ranked here."""
        entries = self._entries(config)
        if entries is None:
            return None
        rows = (
            entries.annotate(_score=self._rank(config))
            # Ties: the newest object first, as modelsearch (-pk; ids compared as numbers).
            .order_by("-_score", Length("object_id").desc(), "-object_id")
            .values_list("object_id", "_score")[start or 0 : stop]
        )
        to_python = self.queryset.model._meta.pk.to_python
        with index_scans(connections[entries.db]):
            return [(to_python(object_id), score) for object_id, score in rows]

    def ranked_count(self, config):
        entries = self._entries(config)
        if entries is None:
            return None
        with index_scans(connections[entries.db]):
            return entries.values("object_id").distinct().count()

    def matching_pks_query(self, config):
        """A subquery of the pks of every hit (queryset not applied), or None: not handled."""
        entries = self._entries(config, allowed_only=False)
        return None if entries is None else object_pks(entries, self.queryset.model)

    def scored_matches_query(self, config):
        """(SQL, params) selecting ``pk, content_type_id, score`` of every hit (queryset not
        applied), or None: not handled. The score is the rank ``ranked_window`` orders by, for
        counting the hits and ranking them in one statement (``portal.facets.count_together``).
        """
        entries = self._entries(config, allowed_only=False)
        if entries is None:
            return None
        rows = (
            with_object_pk(entries, self.queryset.model)
            .annotate(_score=self._rank(config))
            .values_list("_pk", "content_type_id", "_score")
        )
        return rows.query.sql_with_params()


class RankedPostgresSearchQueryCompiler(RankedMixin, PostgresSearchQueryCompiler):
    pass


class RankedPostgresAutocompleteQueryCompiler(RankedMixin, PostgresAutocompleteQueryCompiler):
    INDEX_VECTORS = (("autocomplete", None),)


class RankedPostgresSearchResults(RankedResultsMixin, PostgresSearchResults):
    pass


def _analyze(index):
    # After a full rebuild the planner's row estimates for the entry table are stale (a freshly
    # filled table looks empty) until autovacuum gets to it; with them it drives the ranked
    # query from the pages and probes the GIN index once per page (seconds instead of
    # milliseconds). One ANALYZE (a fraction of a second on 10,000 entries) fixes the plan.
    with index.write_connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {IndexEntry._meta.db_table}")


class AnalyzingRebuilder(PostgresSearchRebuilder):
    def finish(self):
        super().finish()
        _analyze(self.index)


class AnalyzingAtomicRebuilder(PostgresSearchAtomicRebuilder):
    def finish(self):
        super().finish()
        _analyze(self.index)
