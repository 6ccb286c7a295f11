"""Fixtures for the tests of a deployed portal (``.ci/run``'s production step).

They run only when ``PRODUCTION_URL`` names a server deployed with ``scripts/production`` and
``PRODUCTION_ENV_FILE`` its environment file; the browser talks to gunicorn as the TLS-
terminating proxy would, with ``X-Forwarded-Proto: https``. They touch no test database:
what they need to know of the server's data they ask its own ``manage.py``.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

URL = os.environ.get("PRODUCTION_URL", "").rstrip("/")
ENV_FILE = os.environ.get("PRODUCTION_ENV_FILE", "")


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="PRODUCTION_URL is not set (see .ci/run's production step)")
    for item in items:
        if "tests/production/" in str(item.fspath) and not URL:
            item.add_marker(skip)


def production_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    with open(ENV_FILE, encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                env[key] = value.strip('"')
    return env


def on_server(code):
    """Run Python in the deployed portal's ``manage.py shell``; it prints one JSON value."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


class Violations(list):
    """Console messages of Content-Security-Policy violations and page errors."""

    def watch(self, page):
        page.on(
            "console",
            lambda m: self.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.on("pageerror", lambda e: self.append(f"page error: {e}"))
        return page


@pytest.fixture
def server():
    return URL


@pytest.fixture
def context(browser):
    context = browser.new_context(
        extra_http_headers={"X-Forwarded-Proto": "https"},
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(30_000)
    yield context
    context.close()


@pytest.fixture
def violations():
    found = Violations()
    yield found
    assert list(found) == [], "Content-Security-Policy violations or script errors"
