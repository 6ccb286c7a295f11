"""Bearer-token authentication for the training API, with the token → user lookup cached.

Wagtail's BearerTokenAuth reads the token and its user from the database on every request. The
mobile app sends a burst of events at once, so the lookup is kept in the cache for
TOKEN_CACHE_SECONDS: a revoked token, or a deactivated user, is refused within that time in
every worker (at once in the worker whose cache the revocation clears; see signals below).
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import APIToken

TOKEN_CACHE_SECONDS = 30


def _key(key_hash):
    return f"training:api-token:{key_hash}"


class CachedBearerTokenAuth(BearerTokenAuth):
    def authenticate(self, request, token):
        hashes = APIToken.candidate_key_hashes(token)
        key = _key(hashes[0])
        api_token = cache.get(key)
        if api_token is not None:
            request.user = api_token.user
            return api_token
        api_token = super().authenticate(request, token)
        if api_token is not None and api_token.key_hash == hashes[0]:
            # Only tokens hashed with the current key: the others are being rotated out.
            cache.set(key, api_token, TOKEN_CACHE_SECONDS)
        return api_token


@receiver(post_save, sender=APIToken)
@receiver(post_delete, sender=APIToken)
def token_changed(sender, instance, **kwargs):
    cache.delete(_key(instance.key_hash))
