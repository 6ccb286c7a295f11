"""The Redis cache backend used when CACHE_URL is set (portal.cache), against a real Redis."""

import socket
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings

REDIS_URL = "redis://127.0.0.1:6379/5"


def redis_running():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(not redis_running(), reason="no Redis on 127.0.0.1:6379")


@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "redis": {"BACKEND": "portal.cache.RedisCache", "LOCATION": REDIS_URL},
    }
)
def test_one_redis_client_serves_every_call_and_the_cache_works():
    cache = caches["redis"]
    key = f"test:{uuid.uuid4()}"
    client = cache._cache.get_client(key)
    assert cache._cache.get_client(key) is client
    assert cache._cache.get_client(key, write=True) is client  # one server: one pool

    assert cache.add(key, 1, 30) is True
    assert cache.add(key, 5, 30) is False
    assert cache.incr(key, 2) == 3
    cache.set(f"{key}:obj", {"words": ["គណនេយ្យភាព"]}, 30)
    assert cache.get(f"{key}:obj") == {"words": ["គណនេយ្យភាព"]}
    cache.delete_many([key, f"{key}:obj"])
    assert cache.get(key) is None
