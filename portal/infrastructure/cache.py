"""Django's Redis cache backend, with one Redis client per connection pool, and a Redis that is
down treated as an empty cache. ``CACHE_URL`` selects this backend.

One client per pool: Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for
every cache call, and redis-py builds its table of a few hundred response callbacks in each
constructor: about 0.15 ms of CPU per call, three or four calls per API request (token, rate
limit, course requirements). A ``redis.Redis`` is safe to share between threads (it takes a
connection from its pool per command), so one per pool is kept and reused.

A Redis that is down or unreachable: the cache is an optimisation (Wagtail's site root paths,
the API's token lookup, course requirements), so every operation answers as an empty cache
would (a miss; a write that did nothing) instead of raising, and the page is served. The first
failure is logged as a warning, once per outage; the recovery is logged at INFO. After a
failure the circuit is open: Redis is not asked at all for ``CIRCUIT_BREAKER_SECONDS`` (OPTIONS,
default 5), so a dead cache costs one short timeout (``socket_connect_timeout`` and
``socket_timeout``, default 0.25 s) every few seconds, not one per call. Counters that must keep
counting through an outage (the training API's rate limit) use :func:`incr_counter`.
"""

import logging
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache as _RedisCache
from django.core.cache.backends.redis import RedisCacheClient as _RedisCacheClient
from django.utils.functional import cached_property
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)

#: Errors that mean "Redis cannot be reached", as opposed to a wrong command or value.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)

#: Connection settings of the pool unless OPTIONS say otherwise: a cache on the same network
#: answers in a millisecond, so a quarter second is already an outage. One immediate retry on a
#: fresh connection: a pooled connection is broken once after Redis restarts.
CONNECTION_DEFAULTS = {
    "socket_connect_timeout": 0.25,
    "socket_timeout": 0.25,
    "retry": Retry(NoBackoff(), 1),
}
BREAKER_SECONDS = 5.0

_UNREACHED = object()


class CircuitBreaker:
    """The state of one Redis server, shared by every thread of the process (Django makes one
    cache backend per thread): whether it is down and until when it is not asked again."""

    def __init__(self, name, seconds):
        self.name = name
        self.seconds = seconds
        self.down = False
        self.open_until = 0.0
        self._lock = threading.Lock()

    def allows_a_call(self):
        return time.monotonic() >= self.open_until

    def failed(self, error):
        with self._lock:
            self.open_until = time.monotonic() + self.seconds
            if self.down:
                return
            self.down = True
        logger.warning(
            "Cache %s is unreachable (%s: %s): serving without it, trying again every %s s",
            self.name,
            type(error).__name__,
            error,
            self.seconds,
        )

    def succeeded(self):
        if not self.down:  # the common case, without taking the lock
            return
        with self._lock:
            if not self.down:
                return
            self.down = False
        logger.info("Cache %s is reachable again", self.name)


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(servers, seconds):
    name = ",".join(servers)
    with _breakers_lock:
        breaker = _breakers.get(name)
        if breaker is None:
            breaker = _breakers[name] = CircuitBreaker(name, seconds)
        breaker.seconds = seconds
        return breaker


class RedisCacheClient(_RedisCacheClient):
    def __init__(self, servers, *, breaker, **options):
        super().__init__(servers, **{**CONNECTION_DEFAULTS, **options})
        self._clients = {}
        self.breaker = breaker

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client

    def _call(self, method, unreached, *args):
        """``method(*args)``, or ``unreached`` when Redis cannot be reached or the circuit is
        open."""
        if not self.breaker.allows_a_call():
            return unreached
        try:
            result = method(*args)
        except UNREACHABLE as error:
            self.breaker.failed(error)
            return unreached
        self.breaker.succeeded()
        return result

    def add(self, key, value, timeout):
        return self._call(super().add, False, key, value, timeout)

    def get(self, key, default):
        return self._call(super().get, default, key, default)

    def set(self, key, value, timeout):
        self._call(super().set, None, key, value, timeout)

    def touch(self, key, timeout):
        return self._call(super().touch, False, key, timeout)

    def delete(self, key):
        return self._call(super().delete, False, key)

    def get_many(self, keys):
        return self._call(super().get_many, {}, keys)

    def has_key(self, key):
        return self._call(super().has_key, False, key)

    def incr(self, key, delta):
        result = self._call(super().incr, _UNREACHED, key, delta)
        if result is _UNREACHED:  # as for any missing key (decr() comes here too)
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")
        return result

    def set_many(self, data, timeout):
        self._call(super().set_many, None, data, timeout)

    def delete_many(self, keys):
        self._call(super().delete_many, None, keys)

    def clear(self):
        return self._call(super().clear, False)

    def incr_or_create(self, key, delta, timeout):
        """The counter ``key`` plus ``delta``, created at 0 to expire in ``timeout`` seconds if
        absent, in one atomic round trip; None when Redis cannot be reached."""
        result = self._call(self._incr_or_create, _UNREACHED, key, delta, timeout)
        return None if result is _UNREACHED else result

    def _incr_or_create(self, key, delta, timeout):
        pipeline = self.get_client(key, write=True).pipeline(transaction=True)
        pipeline.set(key, 0, ex=timeout, nx=True)
        pipeline.incrby(key, delta)
        return pipeline.execute()[1]


class RedisCache(_RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        options = dict(self._options)
        seconds = float(options.pop("CIRCUIT_BREAKER_SECONDS", BREAKER_SECONDS))
        self._options = options
        self.breaker = breaker_for(self._servers, seconds)

    @cached_property
    def _cache(self):
        return self._class(self._servers, breaker=self.breaker, **self._options)

    def incr_or_create(self, key, delta, timeout, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._cache.incr_or_create(key, delta, int(timeout))


# Counters kept in this process while the shared cache is unreachable.
_local_counters = LocMemCache(
    "portal.infrastructure.cache.local-counters", {"OPTIONS": {"MAX_ENTRIES": 20_000}}
)


def incr_counter(key, delta, timeout, cache=None):
    """Add ``delta`` to the counter ``key`` and return its new value; a counter that does not
    exist starts at 0 and expires ``timeout`` seconds later.

    Kept in ``cache`` (the default cache unless given), which Redis shares between every web
    process. While that Redis is unreachable the counter is kept in this process's memory
    instead, so a limit built on it still holds, per process, rather than counting nothing.
    """
    cache = cache or caches["default"]
    if isinstance(cache, RedisCache):
        count = cache.incr_or_create(key, delta, timeout)
        if count is not None:
            return count
        cache = _local_counters
    if cache.add(key, delta, timeout):
        return delta
    try:
        return cache.incr(key, delta)
    except ValueError:  # expired between add() and incr()
        cache.set(key, delta, timeout)
        return delta
