"""One error format for every JSON API of the portal, in the client's language.

Every refusal is ``{"detail": "…", "errors": [{"field": "…", "message": "…"}]}``: ``detail``
says what is wrong, ``errors`` names each input at fault (``events.3.occurred_at`` inside a
list) and is empty when no one input is. Messages follow Accept-Language on /api/… and the
URL's language on /km/… and /en/…, Khmer or English.

Pydantic explains a malformed field in English ("Input should be a valid integer"), and ninja
says "Cannot parse request body", "Unauthorized", "Too many requests."; a client showing the
Khmer ``detail`` would show these beside it. Each pydantic error type the APIs' inputs can
produce has its own words here; any other is "Invalid value." rather than English.
"""

import json
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from ninja import Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
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
    "date_type": gettext_lazy("Must be a date: YYYY-MM-DD."),
    "date_parsing": gettext_lazy("Must be a date: YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Must be a date: YYYY-MM-DD."),
    "date_from_datetime_inexact": gettext_lazy("Must be a date: YYYY-MM-DD."),
    "bool_type": gettext_lazy("Must be true or false."),
    "bool_parsing": gettext_lazy("Must be true or false."),
    "string_type": gettext_lazy("Must be a string."),
    "greater_than_equal": gettext_lazy("No such id."),
    "less_than_equal": gettext_lazy("No such id."),
}


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


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


def invalid_parameters(errors):
    """The body of a 400 for query parameters the client must correct: ``errors`` is a list of
    ``{"field", "message"}``."""
    names = ", ".join(error["field"] for error in errors)
    return {"detail": _("invalid parameters: %(fields)s") % {"fields": names}, "errors": errors}


def malformed(errors):
    """The body of a 400 for input that does not validate (the body, a path parameter)."""
    names = ", ".join(error["field"] for error in errors)
    return {"detail": _("malformed: %(fields)s") % {"fields": names}, "errors": errors}


class UnparseableBody(ValueError):
    """The request body is not JSON (or not UTF-8)."""


class JSONBodyParser(Parser):
    """Ninja's parser, raising UnparseableBody so the API can say so in the client's language
    (ninja wraps any parser error in an HttpError "Cannot parse request body"). The parsed
    body is kept on the request: a throttle that costs by the body's size reads it first."""

    def parse_body(self, request):
        if hasattr(request, "_portal_api_json"):
            return request._portal_api_json
        try:
            request._portal_api_json = super().parse_body(request)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise UnparseableBody(str(error)) from error
        return request._portal_api_json


def json_body(request):
    """The request's body as parsed JSON, or None if it is not JSON (parsed once per request)."""
    try:
        return JSONBodyParser().parse_body(request)
    except UnparseableBody:
        return None


def request_too_large(request):
    """The JSON 413 of the APIs, in the client's language: Accept-Language read here, since
    this can answer before LocaleMiddleware has run."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    with translation.override(translation.get_language_from_request(request)):
        detail = _("The request body is too large: send at most %(limit)s bytes.") % {
            "limit": limit
        }
    return JsonResponse(
        {"detail": detail, "errors": []}, status=413, json_dumps_params={"ensure_ascii": False}
    )


def install(api):
    """Answer every refusal of ``api`` in the one format above."""

    @api.exception_handler(NinjaValidationError)
    def not_valid(request, exc):
        fields = []
        for error in exc.errors:
            loc = list(error.get("loc", []))
            # Named as the client sends it: "course", not ninja's "query.course".
            if loc and loc[0] in ("query", "path"):
                loc = loc[1:]
            loc = [str(part) for part in loc if part not in ("body", "payload")]
            fields.append({"field": ".".join(loc), "message": field_message(error)})
        return api.create_response(request, malformed(fields), status=400)

    @api.exception_handler(RequestDataTooBig)
    def too_large(request, exc):
        # A body without Content-Length (chunked) is found too large only when ninja reads it;
        # the same JSON 413 as portal.infrastructure.middleware's for a declared length.
        return request_too_large(request)

    @api.exception_handler(HttpError)
    def refused(request, exc):
        detail = str(exc)
        if isinstance(exc.__cause__, UnparseableBody):
            detail = _("The request body is not valid JSON.")
        elif isinstance(exc, AuthenticationError):  # ninja's own English "Unauthorized"
            detail = _("Sign in first: send a valid API token (Authorization: Bearer …).")
        elif isinstance(exc, AuthorizationError):  # ninja's own English "Forbidden"
            detail = _("You are not allowed to do this.")
        elif isinstance(exc, Throttled):  # ninja's own English "Too many requests."
            detail = _("rate limit exceeded; retry in a minute")
        return api.create_response(
            request, {"detail": detail, "errors": []}, status=exc.status_code
        )
