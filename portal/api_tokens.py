"""When an API token (Wagtail's ``APIToken``) still lets its holder in: one rule for the training
API that checks tokens, the profile page that lists a learner's own and the signals that end
them.

A token works while it is not revoked, is younger than ``TRAINING_API_TOKEN_DAYS`` days and its
owner is active. A password change (reset, profile, admin) or a deactivation revokes every token
of the account: reactivating it, or changing the password back, brings none back. The API reads
the token, with these conditions, from the database on every request, so a revocation made by
any web process holds at once in all of them, shared cache or not.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from wagtail.models import APIToken


def lifetime():
    return timedelta(days=settings.TRAINING_API_TOKEN_DAYS)


def live_tokens(user=None):
    """The tokens that still work (of one user, if given), oldest first."""
    tokens = APIToken.objects.filter(
        revoked_at__isnull=True,
        created__gt=timezone.now() - lifetime(),
        user__is_active=True,
    )
    if user is not None:
        tokens = tokens.filter(user=user)
    return tokens.order_by("created", "pk")


def expires_at(token):
    return token.created + lifetime()


def revoke_all(user):
    """End every token of this account at once; returns how many were still unrevoked."""
    return APIToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
