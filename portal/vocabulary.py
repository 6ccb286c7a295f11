"""The vocabulary a page names (places with the places above them, actor types, organisations,
its locale), read once per page-cache generation and set on the rows that point to it.

A record names a place as "province › district › commune" and an actor type on each of its
rows: one statement per row and level when read through the foreign keys. These rows change only
with an edit (each a snippet, whose saving sets a new generation), so ``attach`` keeps each row it
has read in the memo of the generation (``portal.infrastructure.memo``) and sets it on the rows
that point to it: one statement per model for the rows not read yet in this generation, none once
they are. The rows kept are shared: callers read them, never change or save them.
"""

from django.db.models import ForeignKey
from wagtail.models import Locale

from .infrastructure import memo, wagtail_lookups

#: What is read with a row of each model: a place comes with the places above it (path_label).
RELATED = {"portal.AdministrativeArea": ("parent__parent__parent",)}


def attach(*pairs):
    """Set each ``(row, field name)``'s foreign key from the memo (see the module's docstring).
    A key that points nowhere (null, or a row deleted since) is left to Django."""
    wanted = {}
    for row, name in pairs:
        field = row._meta.get_field(name)
        assert isinstance(field, ForeignKey), name
        pk = getattr(row, field.attname)
        if pk is not None:
            wanted.setdefault(field.related_model, set()).add(pk)
    found = {model: _rows(model, pks) for model, pks in wanted.items()}
    for row, name in pairs:
        field = row._meta.get_field(name)
        target = found.get(field.related_model, {}).get(getattr(row, field.attname))
        if target is not None:
            field.set_cached_value(row, target)


def _rows(model, pks):
    if model is Locale:  # every locale, already kept for Wagtail's own lookups
        return {locale.pk: locale for locale in wagtail_lookups.locales().values()}
    kept = memo.remember(("vocabulary", model._meta.label), dict)
    missing = pks - kept.keys()
    if missing:
        related = RELATED.get(model._meta.label, ())
        kept.update(model._default_manager.select_related(*related).in_bulk(missing))
    return kept
