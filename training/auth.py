"""Bearer-token authentication for the training API, with the token → user lookup cached.

Wagtail's BearerTokenAuth reads the token and its user from the database on every request. The
mobile app sends a burst of events at once, so the lookup is kept in the cache for
TOKEN_CACHE_SECONDS. Revoking a token clears its entry (see signals below): at once for every
web process when they share a cache (CACHE_URL, as in production); otherwise at once in the
process that revoked it and within that time in the others.
"""

import hashlib

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from ninja.security import SessionAuth
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import APIToken

TOKEN_CACHE_SECONDS = 30


def _key(token):
    # A plain SHA-256 of the presented token: cheaper than the salted HMACs of
    # APIToken.candidate_key_hashes, which only a cache miss computes.
    return "training:api-token:" + hashlib.sha256(token.encode()).hexdigest()


class CachedBearerTokenAuth(BearerTokenAuth):
    def authenticate(self, request, token):
        key = _key(token)
        api_token = cache.get(key)
        if api_token is not None:
            request.user = api_token.user
            return api_token
        api_token = super().authenticate(request, token)
        if api_token is not None and api_token.key_hash == APIToken.hash_token(token):
            # Only tokens hashed with the current key: the others are being rotated out.
            # The cache entry is named after the token's digest too, so that saving the
            # token (revoking it) can clear it without knowing the token.
            cache.set(key, api_token, TOKEN_CACHE_SECONDS)
            cache.set(f"training:api-token-key:{api_token.key_hash}", key, TOKEN_CACHE_SECONDS)
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


@receiver(post_save, sender=APIToken)
@receiver(post_delete, sender=APIToken)
def token_changed(sender, instance, **kwargs):
    name = f"training:api-token-key:{instance.key_hash}"
    key = cache.get(name)
    if key:
        cache.delete_many([key, name])
