"""Fixtures shared by the whole suite: the bilingual site, users, a real Celery worker, a browser.

The same tests run on the embedded default (SQLite, in-memory broker) and, when DATABASE_URL
and CELERY_BROKER_URL are set, against PostgreSQL and Redis/RabbitMQ.
"""

import os
import shutil
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from wagtail.models import Page, Site

from config.celery import app as celery_app
from portal.factories import AreaFactory, HomePageFactory, UserFactory
from portal.models import AdministrativeArea
from tests.support.home_tree import RowChanges

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(autouse=True)
def mail_through_celery(settings):
    """Django's test set-up swaps EMAIL_BACKEND for locmem; put the portal's Celery backend back
    so tests take the real path (its delivery backend is locmem in test settings)."""
    settings.EMAIL_BACKEND = "portal.infrastructure.mail.CeleryEmailBackend"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (in memory, or the Redis at CACHE_URL in CI)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def _home_rows(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return RowChanges.capture(make_home)


@pytest.fixture
def home(request, db, _home_rows):
    """The Khmer home page (site root) and its English translation: make_home's rows, written
    into the test's transaction (tests/support/home_tree.py); built by make_home itself in a
    transactional test, or wherever the rows do not fit the database."""
    # Inside the test's transaction (not a transactional test, however it asked for one: the
    # transactional_db fixture or a django_db(transaction=True) mark) the rows are written back.
    if connection.in_atomic_block:
        pages = _home_rows.apply()
        if pages:
            return tuple(pages)
    return make_home()


@pytest.fixture
def live_site(transactional_db, django_db_serialized_rollback, live_server):
    """A live server (its own thread) with the bilingual home pages; seeds survive the test."""
    make_home()
    return live_server


def make_home():
    """The Khmer home page (site root) and its English translation, both live."""
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    km, en = HomePageFactory.pair(
        parent=root,
        slug="home",
        title="ទំព័រដើម",
        intro="គណនេយ្យភាពសង្គម",
        en={"title": "Home", "intro": "Social accountability"},
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": km, "port": 80}
    )
    return km, en


# A district and a commune in each of three provinces: Kampong Speu (05), Siem Reap (17),
# Battambang (02). code, Khmer name, English name, parent code, level.
AREAS = [
    ("0501", "ស្រុកបរសេដ្ឋ", "Basedth district", "05", "district"),
    ("050101", "ឃុំបរសេដ្ឋ", "Basedth commune", "0501", "commune"),
    ("1701", "ស្រុកអង្គរជុំ", "Angkor Chum district", "17", "district"),
    ("170101", "ឃុំចារឈូក", "Char Chhuk commune", "1701", "commune"),
    ("0201", "ស្រុកបាណន់", "Banan district", "02", "district"),
    ("020101", "ឃុំកន្ទឺ ១", "Kantueu Muoy commune", "0201", "commune"),
]


def make_districts():
    """The districts and communes of AREAS (the provinces come with the migrations)."""
    for code, name_km, name_en, parent, level in AREAS:
        AreaFactory(
            code=code,
            name_km=name_km,
            name_en=name_en,
            parent=AdministrativeArea.objects.get(code=parent),
            level=level,
        )


@pytest.fixture
def districts(db):
    make_districts()


@pytest.fixture
def dev_media():
    """The URLconf as the development server builds it (DEBUG): the portal answers /media/."""
    import importlib

    from django.test import override_settings
    from django.urls import clear_url_caches

    import config.urls

    with override_settings(DEBUG=True):
        importlib.reload(config.urls)
    clear_url_caches()
    yield
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.fixture
def make_user(db):
    def make(username, groups=(), **kwargs):
        kwargs.setdefault("first_name", username.title())
        kwargs.setdefault("last_name", "Test")
        return UserFactory(username=username, groups=groups, password="correct-horse-42", **kwargs)

    return make


@pytest.fixture
def role_groups(db):
    return {group.name: group for group in Group.objects.all()}


def reset_connections():
    # Eager runs earlier in the session may have built the producer pool for the old broker URL.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def running_worker():
    """A real Celery worker thread consuming from the configured broker (memory:// if none)."""
    from celery.contrib.testing.worker import start_worker

    previous = {
        key: celery_app.conf[key]
        for key in (
            "broker_url",
            "result_backend",
            "task_always_eager",
            "worker_prefetch_multiplier",
        )
    }
    celery_app.conf.update(
        broker_url=settings.CELERY_BROKER_URL or "memory://",
        result_backend=settings.CELERY_RESULT_BACKEND or "cache+memory://",
        task_always_eager=False,
        # A solo worker in a thread on RabbitMQ acknowledges a late-acked task only when its event
        # loop next wakes (about 2 s); with one message in flight that serialises a test's tasks.
        worker_prefetch_multiplier=4,
    )
    reset_connections()
    celery_app.control.purge()  # nothing left over from an earlier run
    try:
        with start_worker(
            celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30
        ) as worker:
            if worker.hub:  # Redis, RabbitMQ: a timer wakes the loop, so stopping takes < 1 s
                worker.hub.call_repeatedly(0.5, lambda: None)  # instead of its 10 s poll
            yield celery_app
    finally:
        celery_app.conf.update(previous)
        reset_connections()


@pytest.fixture
def celery_worker(transactional_db, django_db_serialized_rollback):
    # The worker thread has its own connection, so the test cannot run inside a transaction;
    # serialized rollback restores the migrations' seed rows (vocabulary, root page) afterwards.
    with running_worker() as app:
        yield app


@pytest.fixture
def browser():
    """Debian's Chromium driven by Playwright. Skipped only where Chromium is not installed and
    E2E_REQUIRED is unset; CI sets E2E_REQUIRED=1 so a missing browser fails there.

    Function-scoped and listed after ``live_site`` in a test's arguments: Playwright's sync API
    switches greenlets, and Django's per-context connections created after that lose the test
    database's serialized contents, so the browser must start after the database is set up."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(f"{CHROMIUM} is missing and E2E_REQUIRED=1")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def artifacts_dir():
    path = settings.BASE_DIR / "artifacts"
    path.mkdir(exist_ok=True)
    return path
