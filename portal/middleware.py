"""Browser middleware that a token-authenticated API request skips.

A request to /api/training/ carrying ``Authorization: Bearer …`` is answered from the token
alone: it has no session, no messages, and is never a redirected page. Django
has no per-URL middleware, so each of those middleware classes is wrapped here to pass such a
request straight through. Everything else (the site, the admin, the API with session
authentication) goes through the whole stack.

Security, WhiteNoise, Locale (the API's messages follow Accept-Language), Common, CSRF (the
system check wants Django's own; ninja's views are exempt and do their own check for session
authentication), X-Frame-Options and Axes middleware still run for every request.
"""

from django.contrib.auth.middleware import AuthenticationMiddleware as _Authentication
from django.contrib.messages.middleware import MessageMiddleware as _Messages
from django.contrib.sessions.middleware import SessionMiddleware as _Sessions
from wagtail.contrib.redirects.middleware import RedirectMiddleware as _Redirects

TOKEN_API_PREFIXES = ("/api/training/",)


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
