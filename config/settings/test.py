import os
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403

# Fast hashing: tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PORTAL_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-private-media"  # noqa: F405
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
AXES_FAILURE_LIMIT = 3

# Tasks run in-process unless a test starts a real worker (tests/conftest.py: celery_worker),
# which switches eager mode off and consumes from CELERY_BROKER_URL (memory:// if unset).
CELERY_TASK_ALWAYS_EAGER = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory: the Celery worker and live-server threads write at the same
    # time as the test, and shared-cache SQLite fails such writers at once ("table is locked")
    # where a file database waits for its turn.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}  # noqa: F405

# pytest-xdist runs the suite in several processes (scripts/test: -n auto). pytest-django gives
# each its own test database (suffix _gw0, _gw1, ...); everything else a test touches outside its
# process gets the worker's name too: media folders, the Celery queue the worker tests consume
# from (so one process never takes another's messages from a real broker), the beat schedule and
# the Redis database of the cache (a cache.clear() empties a whole Redis database).
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER:
    MEDIA_ROOT = BASE_DIR / f".test-media-{XDIST_WORKER}"  # noqa: F405
    PRIVATE_MEDIA_ROOT = BASE_DIR / f".test-private-media-{XDIST_WORKER}"  # noqa: F405
    STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
    CELERY_TASK_DEFAULT_QUEUE = f"default-{XDIST_WORKER}"
    # Wagtail's tasks are sent there (task_backends) and read back by name on the worker.
    TASKS["default"]["QUEUES"] = ["default", CELERY_TASK_DEFAULT_QUEUE]  # noqa: F405
    CELERY_BEAT_SCHEDULE_FILENAME = f"{CELERY_BEAT_SCHEDULE_FILENAME}-{XDIST_WORKER}"  # noqa: F405
    if CACHE_URL:  # noqa: F405
        # redis://host:port/N -> N + worker number (gw0 -> N, gw1 -> N + 1, ...)
        parts = urlsplit(CACHE_URL)  # noqa: F405
        base_db = int(parts.path.strip("/") or 0)
        db = base_db + int(XDIST_WORKER.removeprefix("gw"))
        CACHES["default"]["LOCATION"] = urlunsplit(parts._replace(path=f"/{db}"))  # noqa: F405
