"""The Redis cache backend used when CACHE_URL is set (portal.infrastructure.cache): against a real
Redis, and against a Redis that is down, where it is an empty cache and the portal keeps
answering."""

import logging
import socket
import threading
import time
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings
from wagtail.models import APIToken

import portal.infrastructure.cache
from knowledge_base.factories import GuidebookChapterPageFactory, GuidebookPageFactory
from portal.infrastructure.cache import incr_counter
from tests.training.conftest import build_course
from training.learning import enrol

REDIS_URL = "redis://127.0.0.1:6379/5"
DEAD_URL = "redis://127.0.0.1:1/2"  # nothing listens on port 1: connection refused


def redis_running():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


needs_redis = pytest.mark.skipif(not redis_running(), reason="no Redis on 127.0.0.1:6379")


def redis_caches(location, **options):
    return {
        "default": {
            "BACKEND": "portal.infrastructure.cache.RedisCache",
            "LOCATION": location,
            "OPTIONS": options,
        }
    }


@pytest.fixture(autouse=True)
def fresh_breakers(monkeypatch, caplog):
    """Each test starts with no outage remembered and the backend's log heard, whatever an
    earlier test left (a Celery worker started by one sets the root logger to ERROR)."""
    caplog.set_level(logging.INFO, logger="portal.infrastructure.cache")
    monkeypatch.setattr(portal.infrastructure.cache, "_breakers", {})
    monkeypatch.setattr(
        portal.infrastructure.cache,
        "_local_counters",
        portal.infrastructure.cache.LocMemCache(f"test-counters-{uuid.uuid4()}", {}),
    )


@pytest.fixture
def dead_cache(settings):
    settings.CACHES = redis_caches(DEAD_URL)
    return caches["default"]


def cache_warnings(caplog):
    records = caplog.get_records("setup") + caplog.get_records("call")
    return [
        r
        for r in records
        if r.name == "portal.infrastructure.cache" and r.levelno == logging.WARNING
    ]


# --- A real Redis ------------------------------------------------------------------------------


@needs_redis
@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "redis": {"BACKEND": "portal.infrastructure.cache.RedisCache", "LOCATION": REDIS_URL},
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


@needs_redis
def test_a_counter_in_redis_is_atomic_expires_and_reads_as_a_cache_value(settings):
    settings.CACHES = redis_caches(REDIS_URL)
    cache = caches["default"]
    key = f"test:{uuid.uuid4()}"
    assert incr_counter(key, 2, 30) == 2
    assert incr_counter(key, 3, 30) == 5
    assert cache.get(key) == 5
    client = cache._cache.get_client(key)
    assert 0 < client.ttl(cache.make_key(key)) <= 30
    cache.delete(key)


def test_the_connection_gives_up_within_a_quarter_second(settings):
    settings.CACHES = redis_caches(REDIS_URL)
    pool = caches["default"]._cache._get_connection_pool(write=True)
    assert pool.connection_kwargs["socket_connect_timeout"] == 0.25
    assert pool.connection_kwargs["socket_timeout"] == 0.25
    settings.CACHES = redis_caches(REDIS_URL, socket_timeout=1)
    pool = caches["default"]._cache._get_connection_pool(write=True)
    assert pool.connection_kwargs["socket_timeout"] == 1  # OPTIONS still win


class Forwarder:
    """A TCP port in front of the real Redis that can be stopped (refusing connections and
    cutting the open ones, as a Redis that dies) and started again on the same port."""

    def __init__(self, target=("127.0.0.1", 6379)):
        self.target = target
        self.port = None
        self.sockets = []
        self.listener = None

    def start(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port or 0))
        listener.listen()
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self):
        for sock in [self.listener, *self.sockets]:  # shutdown() also wakes a blocked accept()
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        self.sockets = []
        self.listener = None

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass


@needs_redis
def test_the_cache_comes_back_after_the_breaker_interval_and_a_new_outage_is_logged(
    settings, caplog
):
    redis = Forwarder()
    redis.start()
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{redis.port}/5", CIRCUIT_BREAKER_SECONDS=1)
    cache = caches["default"]
    key = f"test:{uuid.uuid4()}"
    cache.set(key, "before", 30)
    assert cache.get(key) == "before"

    redis.stop()
    for _ in range(20):
        assert cache.get(key) is None
    assert len(cache_warnings(caplog)) == 1

    redis.start()
    assert cache.get(key) is None  # still inside the breaker interval: Redis is not asked
    time.sleep(1.1)
    assert cache.get(key) == "before"  # the value outlived the outage
    assert any("reachable again" in r.getMessage() for r in caplog.records)

    redis.stop()
    cache.get(key)
    assert len(cache_warnings(caplog)) == 2  # a new outage, a new warning
    redis.start()
    time.sleep(1.1)
    assert cache.delete(key) is True
    redis.stop()


# --- A Redis that is down ----------------------------------------------------------------------


def test_every_operation_on_a_dead_cache_answers_as_an_empty_cache(dead_cache):
    cache = dead_cache
    assert cache.get("k") is None
    assert cache.get("k", "default") == "default"
    cache.set("k", 1)
    assert cache.add("k", 1) is False
    assert cache.get_or_set("k", 7) == 7
    assert cache.has_key("k") is False
    assert cache.touch("k") is False
    assert cache.delete("k") is False
    assert cache.get_many(["k", "l"]) == {}
    assert cache.set_many({"k": 1, "l": 2}) == []
    cache.delete_many(["k", "l"])
    with pytest.raises(ValueError):  # as for a missing key
        cache.incr("k")
    with pytest.raises(ValueError):
        cache.decr("k")
    assert cache.clear() is False
    assert incr_counter("counter", 1, 60) == 1
    assert incr_counter("counter", 2, 60) == 3  # counted in this process instead


def test_a_dead_cache_is_logged_once_and_not_asked_while_the_circuit_is_open(
    dead_cache, caplog, monkeypatch
):
    client = dead_cache._cache
    attempts = []
    get_client = client.get_client
    monkeypatch.setattr(client, "get_client", lambda *a, **k: attempts.append(1) or get_client())

    started = time.monotonic()
    for n in range(200):
        dead_cache.set(f"k{n}", n)
        assert dead_cache.get(f"k{n}") is None
    assert time.monotonic() - started < 1

    assert len(attempts) == 1  # the first call; the others found the circuit open
    (warning,) = cache_warnings(caplog)
    assert "127.0.0.1:1" in warning.getMessage()


def test_the_outage_is_logged_once_across_threads(dead_cache, caplog):
    def use_the_cache():
        cache = caches["default"]  # each thread has its own backend, as in a threaded server
        for n in range(20):
            cache.get(f"k{n}")

    threads = [threading.Thread(target=use_the_cache) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache_warnings(caplog)) == 1


def test_the_site_is_served_with_a_dead_cache(dead_cache, client, home, make_user, caplog):
    home_km, home_en = home
    book, _ = GuidebookPageFactory.pair(parent=home_km, slug="guidebook", title="សៀវភៅណែនាំ")
    chapter, _ = GuidebookChapterPageFactory.pair(parent=book, slug="chapter-1", title="ជំពូក ១")

    for url in ("/", home_en.url, book.url, chapter.url, "/search/?q=guidebook"):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
    assert "ជំពូក ១" in client.get(book.url).content.decode()
    client.force_login(make_user("editor", is_superuser=True))
    for url in ("/admin/", f"/admin/pages/{chapter.pk}/edit/"):
        assert client.get(url).status_code == 200, url
    assert len(cache_warnings(caplog)) == 1


def token_for(user):
    plain = APIToken.generate_token()
    token = APIToken.objects.create(
        user=user, name="app", key_hash=APIToken.hash_token(plain), prefix=plain[:12]
    )
    return token, {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


@pytest.fixture
def app_user(home, make_user):
    learner = make_user("sokha", groups=["Learner"], actor_code="caf", area_code="05")
    enrol(learner, build_course(home, slug="api", with_quiz=False, lessons=2).course)
    return learner


def test_the_training_api_reads_tokens_from_the_database_with_a_dead_cache(
    dead_cache, client, app_user
):
    token, auth = token_for(app_user)
    for _ in range(3):
        assert client.get("/api/training/me", **auth).json()["username"] == "sokha"
    assert len(client.get("/api/training/enrolments", **auth).json()) == 1
    token.delete()  # revoked: no cache entry stands in the way
    assert client.get("/api/training/me", **auth).status_code == 401


@override_settings(TRAINING_API_RATE_LIMIT=5)
def test_the_rate_limit_still_holds_per_process_with_a_dead_cache(
    dead_cache, client, app_user, caplog
):
    _token, auth = token_for(app_user)
    codes = [client.get("/api/training/me", **auth).status_code for _ in range(7)]
    assert codes == [200] * 5 + [429] * 2
    assert len(cache_warnings(caplog)) == 1
