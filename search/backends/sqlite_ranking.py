"""Relevance ranking for the SQLite backend that stays fast on 10,000 documents.

modelsearch's SQLite compiler orders by a *correlated* subquery that re-runs the FTS5 match and
bm25() for every candidate row: 30 s for one common Khmer word on 10,000 pages here. This
compiler runs the FTS5 match once (materialised), joins the entries, keeps the objects the
queryset allows (one non-correlated ``IN`` subquery) and lets SQLite sort by bm25 and cut the
requested window (``ORDER BY … LIMIT``), so only the page of results asked for reaches Python.
The count is one ``COUNT`` over the same join. Everything else (filters, negation,
``order_by_relevance=False``) is modelsearch's own code.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from wagtail.search.backends.database.sqlite.query import MatchExpression, normalize
from wagtail.search.backends.database.sqlite.sqlite import (
    ObjectIndexer,
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteIndex,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from wagtail.search.models import IndexEntry
from wagtail.search.query import MatchAll, Not
from wagtail.search.utils import get_content_type_pk, get_descendants_content_types_pks

from . import RankedResultsMixin, integer_pk

#: Candidates ranked by the FTS table alone before the queryset's filters are applied.
CANDIDATES_MIN = 64
#: Beyond this many candidates, the whole allowed set is ranked in one query instead.
CANDIDATES_MAX = 4096


def _chunks(values, size=500):
    for position in range(0, len(values), size):
        yield values[position : position + size]


class RankedMixin:
    def _hits_sql(self, config):
        """(SQL, params) selecting ``object_id, score`` of every allowed hit, or None.

        None means modelsearch should handle the query (no relevance order, negation, MatchAll).
        """
        match = self._match(config)
        if match is None:
            return None
        match_params, content_types = match
        allowed = self.queryset.order_by().annotate(_oid=Cast("pk", TextField())).values("_oid")
        try:
            allowed_sql, allowed_params = allowed.query.sql_with_params()
        except EmptyResultSet:  # the queryset allows nothing (``pk__in=[]``)
            allowed_sql, allowed_params = "SELECT NULL WHERE 0", []
        table = SQLiteFTSIndexEntry._meta.db_table
        # The FTS match runs once, materialised, then joins the entries (a plain ORM join lets
        # SQLite re-run the match for every entry row). Column weights: autocomplete 0,
        # title 2, body 1 (the FTS table's columns are autocomplete, body, title).
        sql = (
            f"WITH hits AS MATERIALIZED (SELECT rowid AS id, bm25({table}, 0.0, 1.0, 2.0) "
            f"AS score FROM {table} WHERE {table} MATCH %s) "
            f"SELECT e.object_id, MIN(hits.score) AS score FROM hits "
            f"JOIN {IndexEntry._meta.db_table} e ON e.id = hits.id "
            f"WHERE e.content_type_id IN ({', '.join(['%s'] * len(content_types))}) "
            f"AND e.object_id IN ({allowed_sql}) GROUP BY e.object_id"
        )
        return sql, [*match_params, *content_types, *allowed_params]

    def _fetch(self, sql, params):
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _match(self, config):
        """(MATCH parameter, content type pks), or None when modelsearch should rank."""
        query = normalize(self.query)
        if not self.order_by_relevance or isinstance(query, (MatchAll, Not)):
            return None
        search_query = self.build_search_query(query, config=config)
        match = SQLiteFTSIndexEntry.objects.filter(
            MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query)
        ).values("pk")
        _match_sql, match_params = match.query.sql_with_params()
        return match_params, list(get_descendants_content_types_pks(self.queryset.model))

    def ranked_window(self, config, start, stop):
        """[(pk, score)] of the allowed hits ``start:stop``, best first; None: not ranked here.

        Common words match half the corpus; checking every hit against the queryset (live,
        public, locale: a join per hit) is what made them slow. Instead the FTS table alone
        ranks its hits (``ORDER BY bm25 LIMIT k``, no join), and only those k candidates are
        mapped to objects and checked against the queryset, best first. When fewer than
        ``stop`` of them are allowed, k grows fourfold; past ``CANDIDATES_MAX`` the whole
        allowed set is ranked in one query instead. The result is exact either way.
        """
        match = self._match(config)
        if match is None:
            return None
        start = start or 0
        if stop is None or stop > CANDIDATES_MAX // 4:
            return self._ranked_in_sql(config, start, stop)
        match_params, content_types = match
        table = SQLiteFTSIndexEntry._meta.db_table
        to_python = self.queryset.model._meta.pk.to_python
        wanted = stop
        k = max(CANDIDATES_MIN, 4 * wanted)
        while True:
            rows = self._fetch(
                f"SELECT rowid, bm25({table}, 0.0, 1.0, 2.0) AS score FROM {table} "
                f"WHERE {table} MATCH %s ORDER BY score, rowid DESC LIMIT %s",
                [*match_params, k],
            )
            entries = {}
            for chunk in _chunks([rowid for rowid, _score in rows]):
                entries.update(
                    (entry_id, (content_type_id, object_id))
                    for entry_id, content_type_id, object_id in IndexEntry.objects.filter(
                        id__in=chunk
                    ).values_list("id", "content_type_id", "object_id")
                )
            candidates, seen = [], set()
            for rowid, score in rows:
                content_type_id, object_id = entries.get(rowid, (None, None))
                if content_type_id in content_types and object_id not in seen:
                    seen.add(object_id)
                    candidates.append((to_python(object_id), score))
            allowed = set()
            for chunk in _chunks([pk for pk, _score in candidates]):
                allowed.update(
                    self.queryset.filter(pk__in=chunk).order_by().values_list("pk", flat=True)
                )
            ranked = [(pk, score) for pk, score in candidates if pk in allowed]
            if len(ranked) >= wanted or len(rows) < k:
                return ranked[start:stop]
            k *= 4
            if k > CANDIDATES_MAX:
                return self._ranked_in_sql(config, start, stop)

    def _ranked_in_sql(self, config, start, stop):
        sql, params = self._hits_sql(config)
        limit = -1 if stop is None else max(0, stop - start)
        rows = self._fetch(
            f"{sql} ORDER BY score, LENGTH(e.object_id) DESC, e.object_id DESC LIMIT %s OFFSET %s",
            [*params, limit, start],
        )
        to_python = self.queryset.model._meta.pk.to_python
        return [(to_python(object_id), score) for object_id, score in rows]

    def ranked_count(self, config):
        hits = self._hits_sql(config)
        if hits is None:
            return None
        sql, params = hits
        return self._fetch(f"SELECT COUNT(*) FROM ({sql})", params)[0][0]

    def matching_pks_query(self, config):
        """A subquery of the pks of every hit (queryset not applied), or None: not handled.

        For counts and facets: ``queryset.filter(pk__in=…)`` then applies the queryset's filters
        in the same statement, with no ranking. ``+id`` keeps SQLite from looking each hit's
        entry up by its id, a row holding the page's whole text (thousands of them for a common
        word): it reads the content type and object id from the covering ``(content_type_id,
        object_id)`` index instead, about a third less for a word in 7,700 of the benchmark's
        10,000 pages; a rare word pays a scan of that index (about 1 ms for 10,000 entries).
        """
        match = self._match(config)
        if match is None:
            return None
        match_params, content_types = match
        table = SQLiteFTSIndexEntry._meta.db_table
        cast = "integer" if integer_pk(self.queryset.model) else "text"
        return RawSQL(
            f"SELECT CAST(object_id AS {cast}) FROM {IndexEntry._meta.db_table} "
            f"WHERE content_type_id IN ({', '.join(['%s'] * len(content_types))}) "
            f"AND +id IN (SELECT rowid FROM {table} WHERE {table} MATCH %s)",
            [*content_types, *match_params],
        )


class RankedSQLiteSearchQueryCompiler(RankedMixin, SQLiteSearchQueryCompiler):
    pass


class RankedSQLiteAutocompleteQueryCompiler(RankedMixin, SQLiteAutocompleteQueryCompiler):
    pass


class RankedSQLiteSearchResults(RankedResultsMixin, SQLiteSearchResults):
    pass


class BulkSQLiteIndex(SQLiteIndex):
    """modelsearch's SQLite index, writing a chunk of objects in two statements.

    modelsearch updates every already-indexed object with its own ``UPDATE`` (10,000 queries for a
    full ``update_index`` over an existing index). Here the chunk's old entries are deleted in
    one statement and the new ones inserted in one ``bulk_create``; the FTS table follows
    through Wagtail's triggers on the entry table, as before.
    """

    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        indexers = [ObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        entries = {
            indexer.id: IndexEntry(
                content_type_id=content_type_pk,
                object_id=indexer.id,
                title=indexer.title,
                autocomplete=indexer.autocomplete,
                body=indexer.body,
            )
            for indexer in indexers
        }
        with transaction.atomic(using=self.write_connection.alias):
            self.entries.filter(
                content_type_id=content_type_pk, object_id__in=list(entries)
            )._raw_delete(using=self.write_connection.alias)
            self.entries.bulk_create(entries.values(), batch_size=500)
        self._refresh_title_norms()
