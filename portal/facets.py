"""Facets counted in SQL: how many pages each value of a dimension would give.

One engine for the listings (lessons, exchanges) and for search. A dimension is either a value
on the page itself (``Field``: sector, year, type, language) or a tag of the page's translation
group (``GroupTag``: strategies, actor types, place). A page has the tags of its translation
group, the pages sharing its ``translation_key``: editors often tag only the Khmer source, and
its English translation is about the same thing.

``count(candidates, dimension)`` is one SQL statement whatever the number of pages: the
candidates stay a subquery, the (page, value) pairs of every path are put together with UNION
(so a page whose host and visitors lie in one province counts once there), and the database
groups and counts them. Nothing but the counts comes back.

``count_each({name: (candidates, dimension)}, ordered)`` counts several dimensions, each over
its own candidates (a listing's facets, each narrowed by the choices made in the others), and
lists the primary keys of a queryset in its order (a listing's results), in one statement.

``count_together(pages, dimensions)`` counts several dimensions of the same candidate pages in
one statement, the candidates found once (a search's matches: one full-text match for the count
and every facet, not one per dimension).
"""

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, Q, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber


class Field:
    """A value read from the candidate page itself, through one or more lookup paths."""

    def __init__(self, *paths):
        self.paths = paths

    def pairs(self, candidates):
        return [
            candidates.filter(**{f"{path}__isnull": False}).annotate(_unit=F("pk"), _value=F(path))
            for path in self.paths
        ]

    def condition(self, value):
        condition = Q(pk__in=[])
        for path in self.paths:
            condition |= Q(**{path: value})
        return condition


class GroupTag:
    """A tag of the page's translation group, read from any page of the group of the tagged
    ``models`` (the candidates may be of another class: search's candidates are ``Page`` rows).

    Counts are of translation groups, which is of pages when the candidates hold one page per
    group (a listing; a search in one language)."""

    def __init__(self, models, *paths):
        self.models = list(models)
        self.paths = paths

    def pairs(self, candidates):
        return self._pairs(lambda model: candidates.values("translation_key"))

    def _pairs(self, keys):
        """The (group, value) pairs of each tagged model, whose groups are ``keys(model)``."""
        return [
            model._default_manager.filter(
                translation_key__in=keys(model), **{f"{path}__isnull": False}
            ).annotate(_unit=F("translation_key"), _value=F(path))
            for model in self.models
            for path in self.paths
        ]

    def stored(self, model, path):
        """(page pk, value) pairs of ``model``'s pages with ``path``, as a queryset with ``_unit``
        and ``_value``, read where the tag is kept: a many-to-many tag from its link table (no
        page row read), any other from the model's own table. Every page of the model is in it;
        the caller joins the pages it wants (``count_together``: a search's tagged groups)."""
        name, _, rest = path.partition("__")
        field = model._meta.get_field(name)
        if field.many_to_many and not field.auto_created:
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            rows, unit = field.remote_field.through._base_manager.all(), source
            path = f"{target}__{rest}" if rest else target
        else:
            rows, unit = model._base_manager.all(), "pk"
        return rows.filter(**{f"{path}__isnull": False}).annotate(_unit=F(unit), _value=F(path))

    def content_types(self):
        """The content type pks of the tagged models and their subclasses, sorted."""
        if "_content_types" not in self.__dict__:
            from wagtail.search.utils import get_descendants_content_types_pks

            self._content_types = sorted(
                {pk for model in self.models for pk in get_descendants_content_types_pks(model)}
            )
        return self._content_types

    def condition(self, value):
        """The pages whose group carries ``value``."""
        condition = Q(pk__in=[])
        for model in self.models:
            tagged = model._default_manager.filter(self._has(value)).values("translation_key")
            condition |= Q(translation_key__in=tagged)
        return condition

    def _has(self, value):
        condition = Q(pk__in=[])
        for path in self.paths:
            condition |= Q(**{path: value})
        return condition


def count(candidates, dimension):
    """Counter {value: number of candidate pages (groups, for a GroupTag) with it}."""
    return count_each({"only": (candidates, dimension)})["only"]


def count_each(counts, ordered=None):
    """{name: Counter} for each of ``counts`` ({name: (candidates, dimension)}: each its own
    candidates, as a listing's facets are, each narrowed by the other facets' choices), and
    under ``None`` the list of the primary keys of the queryset ``ordered``, in its order, in one
    SQL statement (a UNION ALL of each count's statement)."""
    return run_counts(count_statement(counts, ordered))


@dataclass(frozen=True)
class CountStatement:
    """``count_each``'s SQL, ready to run again: compiling it through the ORM costs more than
    running it (about 20 ms for a listing's five facets), and it depends only on the querysets
    given, so a caller may keep it (a listing keeps it per page-cache generation)."""

    db: str | None
    sql: str
    params: tuple
    converters: dict
    names: tuple
    has_ordered: bool


def count_statement(counts, ordered=None):
    """The ``CountStatement`` of ``count_each(counts, ordered)``."""
    branches, params, converters = [], [], {}
    db = None
    for number, (name, (candidates, dimension)) in enumerate(counts.items()):
        db = candidates.db
        parts = [
            part.order_by().values_list("_unit", "_value") for part in dimension.pairs(candidates)
        ]
        if not parts:
            continue
        pairs = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0].distinct()
        try:
            sql, part_params = pairs.query.sql_with_params()
        except EmptyResultSet:  # nothing can match (a query with no searchable words)
            continue
        branches.append(
            f"SELECT {number}, CAST(pairs._value AS TEXT), COUNT(*) FROM ({sql}) pairs "
            "WHERE pairs._value IS NOT NULL GROUP BY pairs._value"
        )
        params.extend(part_params)
        converters[number] = (name, pairs.query.annotations["_value"].output_field.to_python)
    if ordered is not None:
        # Each row numbered in the queryset's order: a UNION ALL keeps no order of its own.
        db = ordered.db
        numbered = ordered.annotate(
            _key=F("pk"), _position=Window(RowNumber(), order_by=list(ordered.query.order_by))
        )
        try:
            sql, part_params = (
                numbered.order_by().values_list("_key", "_position").query.sql_with_params()
            )
        except EmptyResultSet:
            sql, part_params = None, ()
        if sql is not None:
            branches.append(
                f"SELECT -1, CAST(found._key AS TEXT), found._position FROM ({sql}) found"
            )
            params.extend(part_params)
            converters[-1] = (None, ordered.model._meta.pk.to_python)
    return CountStatement(
        db=db,
        sql=" UNION ALL ".join(branches),
        params=tuple(params),
        converters=converters,
        names=tuple(counts),
        has_ordered=ordered is not None,
    )


def run_counts(statement):
    """Run a ``CountStatement``: {name: Counter}, and under ``None`` the ordered keys if asked."""
    found = {name: Counter() for name in statement.names}
    positions = []
    if statement.sql:
        with connections[statement.db].cursor() as cursor:
            cursor.execute(statement.sql, statement.params)
            for number, value, n in cursor.fetchall():
                name, converter = statement.converters[number]
                if name is None:
                    positions.append((n, converter(value)))
                else:
                    found[name][converter(value)] = n
    if statement.has_ordered:
        found[None] = [key for _position, key in sorted(positions)]
    return found


#: What ``count_together`` keeps of each candidate page: enough to count the page's own type and
#: language and to find its translation group, without reading the page again.
CARRIED = ("translation_key", "content_type_id", "locale_id")


def count_together(pages, dimensions, within=None, scores=None, window=None):
    """{name: Counter} for each of ``dimensions`` ({name: dimension}) over the candidate
    ``pages`` (a page queryset), in one SQL statement.

    The candidates are found once, materialised with their ``CARRIED`` columns (``WITH … AS
    MATERIALIZED``), and every dimension is counted from them: a ``Field`` of a carried column
    straight from that table, another ``Field`` through the page it names, a ``GroupTag`` from
    the tagged pages whose group is a candidate's. ``within`` ({name: {carried column: values}})
    counts a dimension over only the candidates with those values (a search counts its languages
    over every match, the rest over the language searched).

    A translation group is of one page type (Wagtail translates a page as a copy of the same
    class), so a tagged type's tags are looked up only for the candidates of that type: a search
    matching thousands of plain pages does not look for their tags. The pages of the groups of
    every tagged candidate are found once (``facet_groups``), and each tagged type's tags are
    read from where they are kept (``GroupTag.stored``: a link table) for those pages: a dozen
    lookups (a tag kind for each tagged type) each joining the tagged pages to their groups
    again cost more to plan than the search itself (3 of 4 ms of PostgreSQL planning).

    ``scores`` ((SQL, params) selecting ``pk, content_type_id, score`` rows: a search's matches
    and their relevance) makes the candidates only the pages of ``pages`` with a row there, of
    that type. ``window`` ((start, stop, {carried column: values})) then also picks the pks of
    the candidates with those values in that slice of their order, best first (a higher score,
    then the newer page), and the result is ``(counts, pks)``: the count, the facets and the
    page of results from one match. A score is only computed for the candidates the window is
    taken from. (PostgreSQL joins the scored matches to the pages as it should; on SQLite the
    search ranks apart, docs/decisions/0024-stored-snippet-text.md.)
    """
    within = within or {}
    empty = {name: Counter() for name in dimensions}
    try:
        found_sql, found_params = (
            pages.order_by().values_list("pk", *CARRIED).query.sql_with_params()
        )
    except EmptyResultSet:  # nothing can match (a query with no searchable words): no counts
        return (empty, []) if window else empty
    branches, params, converters = [], [], {}
    for number, (name, dimension) in enumerate(dimensions.items()):
        branch = _branch(pages.model, dimension, number, within.get(name, {}))
        if branch is not None:
            sql, part_params, converter = branch
            branches.append(sql)
            params.extend(part_params)
            converters[number] = (name, converter)
    columns = ", ".join(["pk", *CARRIED])
    if scores is None:
        tables = [f"facet_candidates ({columns}) AS MATERIALIZED ({found_sql})"]
        table_params = list(found_params)
    else:
        tables, table_params = _scored_candidates(found_sql, found_params, scores, window)
    if window:
        start, stop, where_values = window
        where, where_params = _carried_condition(where_values)
        # The window's rows carry their place in the order as their count. The slice is cut
        # before the places are numbered, so only the rows up to its end are sorted (a top-N
        # sort), not every match.
        branches.append(
            "SELECT -1, CAST(pk AS TEXT), ROW_NUMBER() OVER (ORDER BY score DESC, pk DESC) "
            f"FROM (SELECT pk, score FROM facet_candidates WHERE score IS NOT NULL{where} "
            "ORDER BY score DESC, pk DESC LIMIT %s OFFSET %s) facet_window"
        )
        params.extend([*where_params, max(0, stop - start), start])
        converters[-1] = (None, pages.model._meta.pk.to_python)
    if not branches:
        return (empty, []) if window else empty
    tagged = sorted(
        {pk for d in dimensions.values() if isinstance(d, GroupTag) for pk in d.content_types()}
    )
    if tagged:
        tables.append(_groups_table(pages, len(tagged)))
    counts, placed = empty, []
    with connections[pages.db].cursor() as cursor:
        cursor.execute(
            f"WITH {', '.join(tables)} " + " UNION ALL ".join(branches),
            [*table_params, *tagged, *params],
        )
        for number, value, n in cursor.fetchall():
            name, converter = converters[number]
            if name is None:
                placed.append((n, converter(value)))
            else:
                counts[name][converter(value)] = n
    return (counts, [pk for _place, pk in sorted(placed)]) if window else counts


def _groups_table(pages, tagged):
    """The ``WITH`` table of the pages of every tagged candidate's translation group
    (``page_id``), each with its candidate's ``CARRIED`` columns; ``tagged``: how many content
    type parameters select the tagged candidates."""
    holder = pages.model._meta.get_field("translation_key").model._meta  # Page, for pages
    quote = connections[pages.db].ops.quote_name
    candidate = ", ".join(f"c.{column}" for column in CARRIED)
    return (
        f"facet_groups (page_id, {', '.join(CARRIED)}) AS MATERIALIZED (SELECT "
        f"g.{quote(holder.pk.column)}, {candidate} FROM facet_candidates c "
        f"JOIN {quote(holder.db_table)} g ON g.translation_key = c.translation_key "
        f"WHERE c.content_type_id IN ({', '.join(['%s'] * tagged)}))"
    )


def _scored_candidates(found_sql, found_params, scores, window):
    """The ``WITH`` tables (and their parameters) of the candidates with their scores: the pages
    of ``found_sql`` that have a row in ``scores``, for their own type (a page's index entry is
    filed under its type), each page looked up by its pk from the scored rows."""
    columns = ", ".join(["pk", *CARRIED])
    scores_sql, scores_params = scores
    where, where_params = _carried_condition(window[2] if window else {}, table="p")
    # Scored where the window may take the page from: elsewhere (another language) the rank,
    # which reads the entry's whole vector, is never computed.
    score = f"CASE WHEN 1 = 1{where} THEN s.score END" if where else "s.score"
    return (
        [
            f"facet_pages ({columns}) AS ({found_sql})",
            f"facet_scores (pk, content_type_id, score) AS ({scores_sql})",
            f"facet_candidates ({columns}, score) AS MATERIALIZED (SELECT p.pk, "
            f"{', '.join('p.' + column for column in CARRIED)}, {score} "
            "FROM facet_scores s JOIN facet_pages p "
            "ON p.pk = s.pk AND p.content_type_id = s.content_type_id)",
        ],
        [*found_params, *scores_params, *where_params],
    )


def _branch(model, dimension, number, within):
    """(SQL, params, how to read a value) counting ``dimension`` over ``facet_candidates``
    (those with the ``within`` values), or None when nothing can be counted.

    It does not depend on the candidates, so it is built once per dimension and ``within``:
    composing a dimension's pairs through the ORM (a tagged type and a path each) cost more than
    running the statement."""
    where, where_params = _carried_condition(within)
    key = (model, number, where, tuple(where_params))
    built = dimension.__dict__.setdefault("_branches", {})
    if key not in built:
        built[key] = _build_branch(model, dimension, number, within)
    return built[key]


def _build_branch(model, dimension, number, within):
    if isinstance(dimension, GroupTag):
        return _group_tag_branch(dimension, number, within)
    where, where_params = _carried_condition(within)
    # Values as text: one column of a UNION holds one type (a strategy's number, a province's
    # code); each is read back as its field reads it.
    if isinstance(dimension, Field) and all(path in CARRIED for path in dimension.paths):
        (path,) = dimension.paths  # a page has one value of a column
        return (
            f"SELECT {number}, CAST({path} AS TEXT), COUNT(*) FROM facet_candidates "
            f"WHERE {path} IS NOT NULL{where} GROUP BY {path}",
            where_params,
            model._meta.get_field(path).to_python,
        )
    stand_in = model._base_manager.filter(
        pk__in=RawSQL(f"SELECT pk FROM facet_candidates WHERE 1 = 1{where}", where_params)
    )
    parts = [part.order_by().values_list("_unit", "_value") for part in dimension.pairs(stand_in)]
    if not parts:
        return None
    pairs = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0].distinct()
    try:
        pairs_sql, params = pairs.query.sql_with_params()
    except EmptyResultSet:
        return None
    return (
        f"SELECT {number}, CAST(pairs._value AS TEXT), COUNT(*) FROM ({pairs_sql}) pairs "
        "WHERE pairs._value IS NOT NULL GROUP BY pairs._value",
        list(params),
        pairs.query.annotations["_value"].output_field.to_python,
    )


def _group_tag_branch(dimension, number, within):
    """``_build_branch`` of a ``GroupTag``: for each tagged model, the tags kept for the pages of
    ``facet_groups`` whose candidate is of that model, one (group, value) pair each."""
    from wagtail.search.utils import get_descendants_content_types_pks

    where, where_params = _carried_condition(within, table="g")
    parts, params, converter = [], [], None
    for tagged in dimension.models:
        types = list(get_descendants_content_types_pks(tagged))
        for path in dimension.paths:
            stored = dimension.stored(tagged, path).order_by().values_list("_unit", "_value")
            try:
                stored_sql, stored_params = stored.query.sql_with_params()
            except EmptyResultSet:
                continue
            parts.append(
                "SELECT g.translation_key AS unit, stored._value AS value FROM facet_groups g "
                f"JOIN ({stored_sql}) stored ON stored._unit = g.page_id "
                f"WHERE g.content_type_id IN ({', '.join(['%s'] * len(types))}){where}"
            )
            params.extend([*stored_params, *types, *where_params])
            converter = converter or stored.query.annotations["_value"].output_field.to_python
    if not parts:
        return None
    # UNION, not UNION ALL: a group counts once for a value however many of its pages have it.
    return (
        f"SELECT {number}, CAST(pairs.value AS TEXT), COUNT(*) FROM ({' UNION '.join(parts)}) "
        "pairs GROUP BY pairs.value",
        params,
        converter,
    )


def _carried_condition(values, table=None):
    """`` AND column IN (…)`` for each {carried column: values}, and its parameters."""
    sql, params = "", []
    for column, allowed in values.items():
        if column not in CARRIED:
            raise ValueError(f"not a carried column: {column}")
        allowed = list(allowed)
        if not allowed:
            sql += " AND 1 = 0"
            continue
        name = f"{table}.{column}" if table else column
        sql += f" AND {name} IN ({', '.join(['%s'] * len(allowed))})"
        params.extend(allowed)
    return sql, params


def narrowed(queryset, dimensions, selected, skip=None):
    """``queryset`` with every selected value kept, but ``skip``'s: {name: value} over
    {name: dimension}."""
    for name, value in selected.items():
        if value not in (None, "") and name != skip:
            queryset = queryset.filter(dimensions[name].condition(value))
    return queryset
