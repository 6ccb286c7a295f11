"""Browser middleware that a token-authenticated API request skips.

A request to /api/training/ carrying ``Authorization: Bearer …`` is answered from the token
alone: it has no session, no messages, and is never a redirected page. Django
has no per-URL middleware, so each of those middleware classes is wrapped here to pass such a
request straight through. Everything else (the site, the admin, the API with session
authentication) goes through the whole stack.

Security, WhiteNoise, Locale (the API's messages follow Accept-Language), Common, CSRF (the
system check wants Django's own; ninja's views are exempt and do their own check for session
authentication), X-Frame-Options and Axes middleware still run for every request.

APIBodyLimitMiddleware answers an over-large request body to any API under /api/ with a JSON
413 in the APIs' error shape, before the body is read.
"""

from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware as _Authentication
from django.contrib.messages.middleware import MessageMiddleware as _Messages
from django.contrib.sessions.middleware import SessionMiddleware as _Sessions
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.middleware import RedirectMiddleware as _Redirects

TOKEN_API_PREFIXES = ("/api/training/",)
API_PREFIX = "/api/"


def is_token_api_request(request):
    return request.path_info.startswith(TOKEN_API_PREFIXES) and request.META.get(
        "HTTP_AUTHORIZATION", ""
    ).startswith("Bearer ")


def browser_only(base):
    """``base`` with its work skipped for token-authenticated API requests."""

    def __call__(self, request):
        if is_token_api_request(request):
            return self.get_response(request)
        return base.__call__(self, request)

    attrs = {"__call__": __call__, "__doc__": f"{base.__doc__ or ''}\n(Skipped for token API.)"}
    if hasattr(base, "process_view"):

        def process_view(self, request, *args, **kwargs):
            if is_token_api_request(request):
                return None
            return base.process_view(self, request, *args, **kwargs)

        attrs["process_view"] = process_view
    return type(base.__name__, (base,), attrs)


SessionMiddleware = browser_only(_Sessions)
AuthenticationMiddleware = browser_only(_Authentication)
MessageMiddleware = browser_only(_Messages)
RedirectMiddleware = browser_only(_Redirects)


def request_too_large(request):
    """The JSON 413 of an API, in the client's language: Accept-Language read here, since this
    can answer before LocaleMiddleware has run."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    with translation.override(translation.get_language_from_request(request)):
        detail = _("The request body is too large: send at most %(limit)s bytes.") % {
            "limit": limit
        }
    return JsonResponse(
        {"detail": detail, "errors": []}, status=413, json_dumps_params={"ensure_ascii": False}
    )


class APIBodyLimitMiddleware:
    """A request to /api/ whose body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE is a JSON 413.

    Django's own check raises RequestDataTooBig when a view reads the body: a 500 with DEBUG on
    and an HTML 400 without. Here a declared Content-Length over the limit is answered before
    anything reads the body; a body with none (chunked) is found too large only when read, and
    the RequestDataTooBig is answered in the same way (django-ninja catches exceptions itself,
    so the training API hands it to request_too_large too)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and request.path_info.startswith(API_PREFIX):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0  # as Django reads it: no body
            if length > limit:
                return request_too_large(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RequestDataTooBig) and request.path_info.startswith(API_PREFIX):
            return request_too_large(request)
        return None
