"""Bearer-token authentication for the training API: Wagtail's API tokens, with the portal's
rule for when a token still works (portal/api_tokens.py: not revoked, younger than
TRAINING_API_TOKEN_DAYS, its owner active).

The token is read from the database on every request: one query on its unique digest, joined
with its owner. A cache of token → user saved that query but let a token that was revoked, whose
owner was deactivated or changed their password go on working until the entry expired in every
web process that did not share the cache (30 s, the embedded default's per-process cache).
"""

from django.contrib.auth.models import AnonymousUser
from ninja.security import SessionAuth
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import APIToken

from portal.api_tokens import live_tokens


class LiveTokenAuth(BearerTokenAuth):
    def authenticate(self, request, token):
        api_token = None
        # The offline format check refuses a malformed token without computing its digests.
        if APIToken.validate_token_format(token):
            api_token = (
                live_tokens()
                .select_related("user")
                .filter(key_hash__in=APIToken.candidate_key_hashes(token))
                .first()
            )
        if api_token is None:
            # As Wagtail's: a bad token is anonymous even with a session cookie beside it.
            request.user = AnonymousUser()
            return None
        request.user = api_token.user
        self._touch_last_used(api_token)
        return api_token


class LoggedInSessionAuth(SessionAuth):
    """The site's session, for the portal's own pages calling the API. django-ninja checks the
    CSRF token before it looks at the session, so a request with no valid credentials at all (an
    app whose token has expired, posting an event) got 403 "CSRF check Failed" instead of the
    401 that tells a client to sign in again. Here the check runs only for a signed-in session,
    the only case it protects."""

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)
