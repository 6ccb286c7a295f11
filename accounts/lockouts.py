"""Log-in lockouts (django-axes): who is locked out now, and lifting one.

Axes counts failed log-ins per username and client address (``AXES_LOCKOUT_PARAMETERS``; the
address as portal/infrastructure/client_address.py reads it behind the proxy) and refuses that
pair once the failures within the cool-off reach ``AXES_FAILURE_LIMIT``.
"""

import logging

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Min, Sum
from django.utils import timezone

logger = logging.getLogger(__name__)


def current_lockouts():
    """One row per locked username and address: ``username``, ``ip_address``, ``failures``,
    ``last_attempt`` and ``attempt`` (an id naming the pair for ``unlock``), latest first."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - get_cool_off())
    return (
        recent.values("username", "ip_address")
        .annotate(
            failures=Sum("failures_since_start"),
            last_attempt=Max("attempt_time"),
            attempt=Min("pk"),
        )
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_attempt")
    )


def unlock(attempt_id, by):
    """Forget the failures of the username and address of this attempt; returns the username,
    or None when there is nothing to lift (already lifted, or the cool-off has passed)."""
    attempt = AccessAttempt.objects.filter(pk=attempt_id).first()
    if attempt is None:
        return None
    AccessAttempt.objects.filter(username=attempt.username, ip_address=attempt.ip_address).delete()
    logger.info("Log-in lockout of %r at %s lifted by %s", attempt.username, attempt.ip_address, by)
    return attempt.username
