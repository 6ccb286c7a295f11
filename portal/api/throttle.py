"""The APIs' rate limit: one throttle class, each operation saying what it costs.

A fixed one-minute window per user (per client address for an anonymous request), counted in
the cache that every web process shares (in this process's memory while that cache is down:
portal.infrastructure.cache.incr_counter). An operation costs 1 unless it says otherwise: a
batch of events costs one per event. Past the limit the answer is a 429 whose Retry-After
says how many seconds remain until the window resets.

Ninja runs a throttle after authentication and before the body is validated: a request
without valid credentials costs nothing; a malformed one costs what it carries.
"""

import math
import threading
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone
from ninja.throttling import BaseThrottle

from portal.infrastructure.cache import incr_counter
from portal.infrastructure.client_address import client_address

WINDOW_SECONDS = 60


class Throttle(BaseThrottle):
    """``scope`` names the counters; the limit per window is the setting ``limit_setting``
    (read on every request), else ``default_limit``; ``cost`` is a number or a function of the
    request. ``costing(other)`` is the same throttle (same counters, same limit) for an
    operation that costs ``other``."""

    def __init__(
        self,
        scope: str,
        *,
        limit_setting: str,
        default_limit: int,
        cost: int | Callable = 1,
    ):
        self.scope = scope
        self.limit_setting = limit_setting
        self.default_limit = default_limit
        self.cost = cost
        # Ninja asks wait() of the same object after allow_request(), and one object serves
        # every thread of the process.
        self._refused = threading.local()

    def costing(self, cost):
        return Throttle(
            self.scope,
            limit_setting=self.limit_setting,
            default_limit=self.default_limit,
            cost=cost,
        )

    def limit(self):
        return getattr(settings, self.limit_setting, self.default_limit)

    def cost_of(self, request):
        return self.cost(request) if callable(self.cost) else self.cost

    def allow_request(self, request):
        user = getattr(request, "user", None)
        who = f"user:{user.pk}" if user is not None and user.is_authenticated else None
        who = who or f"address:{client_address(request)}"
        now = timezone.now().timestamp()
        window = int(now // WINDOW_SECONDS)
        count = incr_counter(
            f"api-rate:{self.scope}:{who}:{window}",
            self.cost_of(request),
            WINDOW_SECONDS + 30,
        )
        if count <= self.limit():
            return True
        self._refused.retry_after = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
        return False

    def wait(self):
        """Seconds until the window resets (ninja sends them as Retry-After)."""
        return getattr(self._refused, "retry_after", WINDOW_SECONDS)
