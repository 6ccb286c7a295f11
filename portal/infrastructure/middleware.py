"""Browser middleware that a token-authenticated API request skips.

A request carrying ``Authorization: Bearer …`` to an API view that takes bearer tokens (the
API declares which: portal.api.api_view, today the training router's) is answered from the
token alone: it has no session, no messages, and is never a redirected page. Django has no
per-URL middleware, so each of those middleware classes is wrapped here to pass such a request
straight through. Everything else (the site, the admin, the API with session authentication)
goes through the whole stack. Only a request with a bearer token has its URL resolved here.

Security, WhiteNoise, Locale (the API's messages follow Accept-Language), Common, CSRF (the
system check wants Django's own; ninja's views are exempt and do their own check for session
authentication), X-Frame-Options and Axes middleware still run for every request.

APIBodyLimitMiddleware answers an over-large request body to any API view with a JSON 413 in
the APIs' error shape, before the body is read.
"""

from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware as _Authentication
from django.contrib.messages.middleware import MessageMiddleware as _Messages
from django.contrib.sessions.middleware import SessionMiddleware as _Sessions
from django.core.exceptions import RequestDataTooBig
from wagtail.contrib.redirects.middleware import RedirectMiddleware as _Redirects

from portal.api import api_view, request_too_large


def is_token_api_request(request):
    if not request.META.get("HTTP_AUTHORIZATION", "").startswith("Bearer "):
        return False
    # Resolved once per request: the wrapped middleware classes below ask in turn.
    if not hasattr(request, "_takes_tokens"):
        view = api_view(request)
        request._takes_tokens = view is not None and view.takes_tokens
    return request._takes_tokens


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


class APIBodyLimitMiddleware:
    """A request to an API view whose body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE is a JSON
    413.

    Django's own check raises RequestDataTooBig when a view reads the body: a 500 with DEBUG on
    and an HTML 400 without. Here a declared Content-Length over the limit is answered before
    anything reads the body; a body with none (chunked) is found too large only when read, and
    the RequestDataTooBig is answered in the same way (django-ninja catches exceptions itself,
    so the training API hands it to request_too_large too)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0  # as Django reads it: no body
            if length > limit and api_view(request) is not None:
                return request_too_large(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RequestDataTooBig) and api_view(request) is not None:
            return request_too_large(request)
        return None
