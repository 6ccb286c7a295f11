"""Search fields that pass every value through the Khmer pipeline before it is indexed.

Page types declare plain ``wagtail.search.index.SearchField`` / ``AutocompleteField``;
``search.apps.SearchConfig.ready`` swaps them for these subclasses on every indexed model, so
every backend (they all call ``get_value``) indexes normalised, segmented text with the inner
words of compounds, titles included.
"""

from wagtail.search import index

from . import text


def _khmer_value(value, transform):
    if isinstance(value, str):
        return transform(value)
    if isinstance(value, (list, tuple)):
        return [_khmer_value(item, transform) for item in value]
    if isinstance(value, dict):
        return {key: _khmer_value(item, transform) for key, item in value.items()}
    return value


def _autocomplete_text(value):
    # Segmented words (a prefix of any word matches) and the unsegmented text (a prefix that runs
    # across a word boundary, as people type it, matches too).
    segmented = text.index_text(value)
    raw = text.prefix_text(value)
    return segmented if raw == segmented else f"{segmented} {raw}"


class KhmerSearchField(index.SearchField):
    """A ``SearchField`` whose value is normalised, segmented and expanded with inner words."""

    def get_value(self, obj):
        return _khmer_value(super().get_value(obj), text.index_text)


class KhmerAutocompleteField(index.AutocompleteField):
    """An ``AutocompleteField`` indexed both segmented and as typed (see ``prefix_text``)."""

    def get_value(self, obj):
        return _khmer_value(super().get_value(obj), _autocomplete_text)


def _convert(field, converted):
    if id(field) in converted:
        return converted[id(field)]
    new = field
    if type(field) is index.SearchField:
        new = KhmerSearchField(field.field_name, boost=field.boost, **field.kwargs)
    elif type(field) is index.AutocompleteField:
        new = KhmerAutocompleteField(field.field_name, **field.kwargs)
    elif isinstance(field, index.RelatedFields):
        new = index.RelatedFields(
            field.field_name, [_convert(sub, converted) for sub in field.fields]
        )
    converted[id(field)] = new
    return new


def install_khmer_fields():
    """Swap the plain search fields of every indexed model for their Khmer-aware subclasses.

    Idempotent. Returns the models that were changed.
    """
    converted = {}
    changed = []
    for model in index.get_indexed_models():
        fields = [_convert(field, converted) for field in model.search_fields]
        if any(new is not old for new, old in zip(fields, model.search_fields, strict=True)):
            model.search_fields = fields
            changed.append(model)
    return changed
