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
"""

from collections import Counter

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, Q


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
        keys = candidates.values("translation_key")
        return [
            model._default_manager.filter(
                translation_key__in=keys, **{f"{path}__isnull": False}
            ).annotate(_unit=F("translation_key"), _value=F(path))
            for model in self.models
            for path in self.paths
        ]

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
    parts = [part.order_by().values_list("_unit", "_value") for part in dimension.pairs(candidates)]
    if not parts:
        return Counter()
    pairs = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0].distinct()
    try:
        sql, params = pairs.query.sql_with_params()
    except EmptyResultSet:  # nothing can match (a query with no searchable words): no counts
        return Counter()
    connection = connections[pairs.db]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT pairs._value, COUNT(*) FROM ({sql}) pairs "
            "WHERE pairs._value IS NOT NULL GROUP BY pairs._value",
            params,
        )
        return Counter(dict(cursor.fetchall()))


def narrowed(queryset, dimensions, selected, skip=None):
    """``queryset`` with every selected value kept, but ``skip``'s: {name: value} over
    {name: dimension}."""
    for name, value in selected.items():
        if value not in (None, "") and name != skip:
            queryset = queryset.filter(dimensions[name].condition(value))
    return queryset
