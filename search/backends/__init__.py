"""Search backends that apply the Khmer pipeline to every query.

One subclass per backend kind (database: SQLite/PostgreSQL; Elasticsearch 8/9; OpenSearch 2/3),
each overriding ``_search``, the one method both ``search()`` and ``autocomplete()`` go through,
so the portal's own search, the Wagtail admin and every chooser get segmented queries. The index
side is handled by ``search.fields`` (values are segmented before any backend sees them); each
backend's index also stores the text snippets are cut from (``SnippetTextIndexMixin``).
"""

from wagtail.search.query import (
    And,
    Boost,
    Fuzzy,
    MatchAll,
    Not,
    Or,
    Phrase,
    PlainText,
)

from .. import text


def integer_pk(model):
    """True when ``model``'s pk (through a parent link: a page's is its ``Page`` id) is an
    integer, so index entries' text ``object_id`` can be compared with it as one."""
    from django.db.models import IntegerField

    pk = model._meta.pk
    while pk.is_relation:
        pk = pk.target_field
    return isinstance(pk, IntegerField)


def with_object_pk(entries, model):
    """``entries`` (an IndexEntry queryset) annotated with ``_pk``: the text ``object_id`` cast
    to the type of ``model``'s pk, to compare with that model's pks (as integers when they are)."""
    from django.db.models import IntegerField, TextField
    from django.db.models.functions import Cast

    output = IntegerField() if integer_pk(model) else TextField()
    return entries.annotate(_pk=Cast("object_id", output_field=output))


def object_pks(entries, model):
    """``entries`` as a ``values`` subquery of ``model`` pks: ``model.objects.filter(pk__in=…)``."""
    return with_object_pk(entries, model).values("_pk")


class RankedResultsMixin:
    """Search results of a database backend whose query compiler ranks the hits itself.

    ``ranked_window`` and ``ranked_count`` (see ``sqlite_ranking`` and ``postgres_ranking``)
    return None for a query they leave to modelsearch, which then runs as usual.
    """

    def _config(self):
        return self.query_compiler.get_config(self.backend)

    def _do_search(self):
        window = self.query_compiler.ranked_window(self._config(), self.start, self.stop)
        if window is None:
            return super()._do_search()
        if not window:
            return []
        objects = self.query_compiler.queryset.in_bulk([pk for pk, _score in window])
        found = []
        for pk, score in window:
            obj = objects.get(pk)
            if obj is not None:
                if self._score_field:
                    setattr(obj, self._score_field, score)
                found.append(obj)
        return found

    def _do_count(self):
        count = self.query_compiler.ranked_count(self._config())
        if count is None:
            return super()._do_count()
        count = max(0, count - (self.start or 0))
        return count if self.stop is None else min(count, self.stop - (self.start or 0))


class SnippetTextIndexMixin:
    """A backend's index that also keeps each object's snippet text (``search.models.SnippetText``)
    in step with its entries: stored with them, removed with them.

    Every path that writes the index comes through here: ``manage.py update_index`` (the
    rebuilder adds items chunk by chunk), the background tasks (``backend.add`` and
    ``backend.delete``, ``search.tasks``) and Wagtail's own calls. One object is added as a
    chunk of one, as the database backends do anyway (Elasticsearch's own ``add_item`` would
    skip ``add_items``).
    """

    def add_item(self, item):
        self.add_items(item._meta.model, [item])

    def add_items(self, model, items):
        items = list(items)
        super().add_items(model, items)
        if model.get_search_fields():
            from ..snippets import store

            store(model, items)

    def delete_item(self, item):
        super().delete_item(item)
        from ..snippets import forget

        forget(item)

    def reset(self):
        super().reset()
        from ..models import SnippetText

        SnippetText.objects.all()._raw_delete(SnippetText.objects.db)

    def delete_stale_model_entries(self, model):
        """The database backends' rebuild: entries, and texts, of objects gone since."""
        super().delete_stale_model_entries(model)
        from django.db.models import TextField
        from django.db.models.functions import Cast
        from wagtail.search.utils import get_descendants_content_types_pks

        from ..models import SnippetText

        existing = model._default_manager.annotate(_oid=Cast("pk", TextField())).values("_oid")
        stale = SnippetText.objects.filter(
            content_type_id__in=list(get_descendants_content_types_pks(model))
        ).exclude(object_id__in=existing)
        stale._raw_delete(stale.db)


def with_snippet_texts(index_class):
    """``index_class`` (a backend's ``index_class``) keeping snippet texts as well."""
    if issubclass(index_class, SnippetTextIndexMixin):
        return index_class
    return type(
        index_class.__name__,
        (SnippetTextIndexMixin, index_class),
        {
            "__module__": index_class.__module__,
        },
    )


class RawPrefix(str):
    """A half-typed query to autocomplete as typed (normalised, not segmented)."""


def khmer_query(query, transform=text.query_text):
    """Return ``query`` (a string or a SearchQuery tree) with every string segmented.

    A part that is left with no words is dropped; ``""`` means nothing to search for.
    """
    if isinstance(query, RawPrefix):
        return text.prefix_text(query)
    if isinstance(query, str):
        return transform(query)
    if isinstance(query, MatchAll):
        return query
    if isinstance(query, PlainText):
        value = transform(query.query_string)
        return PlainText(value, operator=query.operator, boost=query.boost) if value else None
    if isinstance(query, Phrase):
        value = transform(query.query_string)
        return Phrase(value) if value else None
    if isinstance(query, Fuzzy):
        value = transform(query.query_string)
        return Fuzzy(value, operator=query.operator, unaccent=query.unaccent) if value else None
    if isinstance(query, Boost):
        sub = khmer_query(query.subquery, transform)
        return Boost(sub, query.boost) if sub else None
    if isinstance(query, Not):
        sub = khmer_query(query.subquery, transform)
        return Not(sub) if sub else None
    if isinstance(query, (And, Or)):
        subs = [sub for sub in (khmer_query(q, transform) for q in query.subqueries) if sub]
        if not subs:
            return None
        return subs[0] if len(subs) == 1 else type(query)(subs)
    return query


class KhmerQueryMixin:
    """Segment the query exactly as the index was segmented, for search and autocomplete."""

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        query = khmer_query(query)
        return super()._search(query_compiler_class, query or "", model_or_queryset, **kwargs)
