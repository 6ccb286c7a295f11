"""gunicorn with the production settings, for the benchmarks' HTTP phases (bench/pages.py,
bench/search.py): the workers of scripts/production, a scratch Redis database as the shared
cache, the database the benchmark filled. Not a deployment: no TLS redirect, no beat, no worker.
"""

import os
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def production_env(database_url, cache_url, **extra):
    """The environment of a production process on this machine's services."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",  # as deploy/example.env: no new connection per request
        "CACHE_URL": cache_url,
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def collect_static(env):
    """``collectstatic`` as scripts/production runs it (hashed names, .gz and .br)."""
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip


@contextmanager
def gunicorn(env, port, probe="/km/"):
    """Run gunicorn on ``port`` until the block ends; yields its base URL once ``probe`` answers
    and every worker has warmed up (config/wsgi.py)."""
    workers = os.environ.get("ISAF_WEB_WORKERS", "3")
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", workers],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + probe, timeout=5).read()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError(server.stderr.read().decode()[-3000:]) from None
                time.sleep(0.5)
        time.sleep(3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
