"""The training API's error messages in the client's language.

Pydantic explains a malformed field in English ("Input should be a valid integer"), and ninja
says "Cannot parse request body"; an app showing the Khmer ``detail`` would show these beside
it. Each pydantic error type the API's inputs can produce has its own words here; any other is
"Invalid value." rather than English.
"""

import json
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from ninja.parser import Parser

MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "extra_forbidden": gettext_lazy("This field is not allowed."),
    "model_type": gettext_lazy("Must be a JSON object."),
    "model_attributes_type": gettext_lazy("Must be a JSON object."),
    "dict_type": gettext_lazy("Must be a JSON object."),
    "list_type": gettext_lazy("Must be a list."),
    "int_type": gettext_lazy("Must be a whole number."),
    "int_parsing": gettext_lazy("Must be a whole number."),
    "int_from_float": gettext_lazy("Must be a whole number."),
    "uuid_type": gettext_lazy("Must be a UUID."),
    "uuid_parsing": gettext_lazy("Must be a UUID."),
    "datetime_type": gettext_lazy("Must be a date and time in ISO 8601."),
    "datetime_parsing": gettext_lazy("Must be a date and time in ISO 8601."),
    "datetime_from_date_parsing": gettext_lazy("Must be a date and time in ISO 8601."),
    "string_type": gettext_lazy("Must be a string."),
    "greater_than_equal": gettext_lazy("No such id."),
    "less_than_equal": gettext_lazy("No such id."),
}


def field_message(error):
    """The message for one pydantic error (a dict of ``exc.errors``), in the active language."""
    kind = error.get("type")
    context = error.get("ctx") or {}
    if kind in ("literal_error", "enum"):
        # pydantic gives the allowed values as "'a' or 'b'"; list them without the English "or".
        allowed = re.findall(r"'([^']*)'", str(context.get("expected", "")))
        if allowed:
            return _("Must be one of: %(values)s.") % {"values": ", ".join(allowed)}
    if kind == "event_time_window":
        return _(
            "Must be a time from %(earliest)s to %(latest)s: not before 2000, and at most a day "
            "ahead of the server's clock."
        ) % {"earliest": context["earliest"], "latest": context["latest"]}
    if kind == "too_short" and "min_length" in context:
        count = context["min_length"]
        return ngettext(
            "Must have at least %(count)d item.", "Must have at least %(count)d items.", count
        ) % {"count": count}
    if kind == "too_long" and "max_length" in context:
        count = context["max_length"]
        return ngettext(
            "Must have at most %(count)d item.", "Must have at most %(count)d items.", count
        ) % {"count": count}
    return str(MESSAGES.get(kind, gettext_lazy("Invalid value.")))


class UnparseableBody(ValueError):
    """The request body is not JSON (or not UTF-8)."""


class JSONBodyParser(Parser):
    """Ninja's parser, raising UnparseableBody so the API can say so in the client's language
    (ninja wraps any parser error in an HttpError "Cannot parse request body")."""

    def parse_body(self, request):
        try:
            return super().parse_body(request)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise UnparseableBody(str(error)) from error
