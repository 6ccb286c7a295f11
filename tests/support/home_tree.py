"""The bilingual home pages, built once per test session and written back into each test's
transaction as rows.

Building them through Wagtail (delete the placeholder page, create, publish, translate, point
the site at them) costs about 340 queries; about 225 tests want them. ``RowChanges.capture``
builds them once, in a transaction it rolls back, and keeps what changed in every table (rows
added, changed, deleted). ``apply`` writes exactly those rows with the same primary keys, about
15 queries, so a test sees the same database as if it had built them itself. Where the database
is not in the state the rows were taken from (say, after a transactional test), ``apply`` says
so and the caller builds the pages the slow way.
"""

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction


def _tables():
    models, seen = [], set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed or model._meta.db_table in seen:
            continue
        seen.add(model._meta.db_table)
        models.append(model)
    return models


def _rows(model):
    fields = [f.attname for f in model._meta.local_concrete_fields]
    return {row[model._meta.pk.attname]: row for row in model._base_manager.values(*fields)}


class _Abandon(Exception):
    pass


class RowChanges:
    def __init__(self, added, changed, deleted, result):
        self.added = added  # [(model, [row])], parents before children
        self.changed = changed  # [(model, [row])]
        self.deleted = deleted  # [(model, [pk])]
        self.result = result  # what ``build`` returned, as (model, pk) pairs

    @classmethod
    def capture(cls, build):
        """Run ``build()`` (it returns model instances) in a transaction rolled back after,
        and keep the rows it added, changed and deleted."""
        models = _tables()
        before = {model: _rows(model) for model in models}
        captured = {}
        try:
            with transaction.atomic():
                built = build()
                captured["result"] = [(type(obj), obj.pk) for obj in built]
                for model in models:
                    captured[model] = _rows(model)
                raise _Abandon
        except _Abandon:
            pass
        added, changed, deleted = [], [], []
        for model in models:
            old, new = before[model], captured[model]
            if rows := [row for pk, row in new.items() if pk not in old]:
                added.append((model, rows))
            if rows := [row for pk, row in new.items() if pk in old and old[pk] != row]:
                changed.append((model, rows))
            if pks := [pk for pk in old if pk not in new]:
                deleted.append((model, pks))
        # Foreign keys are checked at commit (deferred, on SQLite and PostgreSQL alike), so
        # the tables can be written in any order.
        return cls(added, changed, deleted, captured["result"])

    def apply(self):
        """Write the rows into the current transaction. False, writing nothing, when the
        database is not in the state they were captured from."""
        for model, rows in self.added:
            if model._base_manager.filter(pk__in=[r[model._meta.pk.attname] for r in rows]):
                return False
        for model, pks in self.deleted:
            if model._base_manager.filter(pk__in=pks).count() != len(pks):
                return False
        # Deleted first: the placeholder page's site goes with it, and the new site takes its
        # host and port, which must be unique at once.
        for model, pks in reversed(self.deleted):
            model._base_manager.filter(pk__in=pks)._raw_delete(connection.alias)
        for model, rows in self.added:
            # The table's own columns only: a page's rows in wagtailcore_page and in its
            # specific table are separate entries here (bulk_create refuses the latter).
            fields = model._meta.local_concrete_fields
            model._base_manager._insert([model(**row) for row in rows], fields=fields)
        for model, rows in self.changed:
            for row in rows:
                pk = row[model._meta.pk.attname]
                model._base_manager.filter(pk=pk).update(
                    **{name: value for name, value in row.items() if name != model._meta.pk.attname}
                )
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [m for m, _ in self.added]):
                cursor.execute(sql)
        return [model._base_manager.get(pk=pk) for model, pk in self.result]
