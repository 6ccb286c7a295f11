"""Page benchmark: SQL queries and time per public page, uncached and cached, in-process and
through HTTP.

    python manage.py load_demo        # once: the demo content, in the database this script uses
    python bench/pages.py             # the embedded default (db.sqlite3)
    DATABASE_URL=postgres://… python bench/pages.py

For the home page, a standard page, a guidebook section, the lessons list, an exchange record
and the search page (a Khmer query), as an anonymous visitor through Django's test client (the
whole middleware stack, no network): SQL queries of one request and the median and p95 time of
BENCH_RUNS requests, with the page cache off (``PAGE_CACHE_SECONDS=0``: every page built), then
on (every request after the first served from the cache), then a conditional request answered
304. Run it on an older checkout with the same database to compare (docs/pages.md has both).

Then through HTTP (``BENCH_HTTP=0`` skips it): gunicorn with the production settings (the
workers of scripts/production, static files collected and served as in production, Redis
``BENCH_CACHE_URL`` as the shared cache) and ``BENCH_CLIENTS`` concurrent clients (default 4).
In one run and interleaved (``BENCH_ROUNDS`` rounds, each a burst of ``BENCH_BURST`` requests
per client for every target in turn, so a slower minute of the machine hits all of them): a
static file (the portal's style sheet), then each page cached (served from the page cache),
missed (not in the page cache: a query string of its own, as another filter or page of results
would be; the rows kept per generation are kept, as between two edits) and after an edit (a new
page-cache generation before every request: those rows are read again). Prints requests/s and
p95 per target, the cached guidebook section's requests/s against the static file's (target
>= 0.5x) and each uncached page's median against the standard page's, for both kinds of miss
(target <= 1.5x).
Prints its figures; it is not a test.
"""

import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.pop("CELERY_BROKER_URL", None)
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
HTTP = os.environ.get("BENCH_HTTP", "1") == "1"
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
BURST = int(os.environ.get("BENCH_BURST", "10"))
PORT = int(os.environ.get("BENCH_PORT", "8162"))
#: A scratch Redis database: its page-cache generation is how a request is made uncached.
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/13")
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", "/tmp/isaf-bench-static")


def pages():
    from knowledge_base.models import ExchangeVisitPage, GuidebookSectionPage
    from portal.models import StandardPage

    def first(model):
        page = model.objects.live().filter(locale__language_code="km").order_by("path").first()
        return page.url if page else None

    return {
        "home": "/km/",
        "standard page": first(StandardPage),
        "guidebook section": first(GuidebookSectionPage),
        "lessons list": "/km/lessons/",
        "exchange record": first(ExchangeVisitPage),
        "search page": "/km/search/?q=" + quote("គណនេយ្យភាព"),
    }


def measure(client, url, **headers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, headers=headers)  # warm: templates, URL resolver, caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    count = len(queries)  # now: a new connection clears the log
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url, headers=headers)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return response, count, statistics.median(times), p95


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    targets = {name: url for name, url in pages().items() if url}
    print(f"{connection.vendor}, {RUNS} runs per figure, anonymous visitor, in-process\n")
    print(f"{'page':<18} {'uncached q':>10} {'median':>8} {'p95':>8}   {'cached q':>8} "
          f"{'median':>8} {'p95':>8}   {'304 median':>10}")  # fmt: skip
    has_cache = hasattr(settings, "PAGE_CACHE_SECONDS")
    for name, url in targets.items():
        settings.PAGE_CACHE_SECONDS = 0
        response, uncached_q, uncached_median, uncached_p95 = measure(client, url)
        assert response.status_code == 200, (url, response.status_code)
        line = f"{name:<18} {uncached_q:>10} {uncached_median:>7.1f}ms {uncached_p95:>6.1f}ms"
        if has_cache:
            settings.PAGE_CACHE_SECONDS = 3600
            cache.clear()
            response, cached_q, cached_median, cached_p95 = measure(client, url)
            etag = response.get("ETag")
            line += f"   {cached_q:>8} {cached_median:>7.1f}ms {cached_p95:>6.1f}ms"
            if etag:
                not_modified, _q, median_304, _p95 = measure(client, url, if_none_match=etag)
                assert not_modified.status_code == 304
                line += f"   {median_304:>8.2f}ms"
            else:
                line += f"   {'(not cached)':>10}"
        print(line)
    if HTTP:
        http_phase(targets)


def database_url():
    """The database this script read, as a URL for the server's environment."""
    from django.db import connection

    if "DATABASE_URL" in os.environ:
        return os.environ["DATABASE_URL"]
    assert connection.vendor == "sqlite", "set DATABASE_URL"
    return f"sqlite:///{connection.settings_dict['NAME']}"


def http_phase(targets):
    import re
    import threading
    import urllib.request
    import uuid

    from bench.http_server import collect_static, gunicorn, production_env
    from portal.infrastructure import page_cache
    from portal.infrastructure.cache import RedisCache

    shared = RedisCache(CACHE_URL, {})
    env = production_env(database_url(), CACHE_URL, DJANGO_STATIC_ROOT=STATIC_ROOT)
    collect_static(env)
    with gunicorn(env, PORT) as base:
        home = urllib.request.urlopen(base + "/km/", timeout=30).read().decode()
        style = re.search(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', home)
        style = style or re.search(r'<link[^>]+href="([^"]+\.css)"', home)
        plan = [("static file", style.group(1), "static")]
        for name, url in targets.items():
            if name != "search page":  # a search is never cached: it has the search bench
                plan.append((name, url, "cached"))
            plan.append((name, url, "missed"))
            plan.append((name, url, "after edit"))
        samples = {(name, mode): [] for name, _url, mode in plan}
        seconds = {(name, mode): 0.0 for name, _url, mode in plan}
        surprises = {(name, mode): 0 for name, _url, mode in plan}
        lock = threading.Lock()

        def client(name, url, mode):
            for _ in range(BURST):
                target = base + url
                if mode == "after edit":
                    shared.set(page_cache.GENERATION_KEY, uuid.uuid4().hex, None)
                elif mode == "missed":
                    target += ("&" if "?" in url else "?") + "bench=" + uuid.uuid4().hex
                start = time.perf_counter()
                with urllib.request.urlopen(target, timeout=60) as response:
                    response.read()
                    hit = response.headers.get(page_cache.HIT_HEADER) == "hit"
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    samples[name, mode].append(elapsed)
                    # a hit asked to be uncached (another client's request stored the page
                    # under the same generation), or a miss asked to be cached
                    if (mode != "cached" and hit) or (mode == "cached" and not hit):
                        surprises[name, mode] += 1

        for _name, url, _mode in plan:  # warm every worker: templates, the page cache
            for _ in range(6):
                urllib.request.urlopen(base + url, timeout=60).read()
        for _ in range(ROUNDS):
            for name, url, mode in plan:
                if mode == "cached":  # stored again after the uncached targets' generations
                    urllib.request.urlopen(base + url, timeout=60).read()
                threads = [
                    threading.Thread(target=client, args=(name, url, mode)) for _ in range(CLIENTS)
                ]
                start = time.perf_counter()
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                seconds[name, mode] += time.perf_counter() - start
    workers = os.environ.get("ISAF_WEB_WORKERS", "3")
    print(
        f"\nHTTP: gunicorn ({workers} workers, production settings), {CLIENTS} concurrent "
        f"clients, {ROUNDS} interleaved rounds of {BURST} requests per client and target"
    )
    print(f"{'target':<30} {'req/s':>8} {'median':>9} {'p95':>9} {'mismatched':>10}")
    rates, medians = {}, {}
    for name, _url, mode in plan:
        values = sorted(samples[name, mode])
        rates[name, mode] = len(values) / seconds[name, mode]
        medians[name, mode] = statistics.median(values)
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        print(
            f"{name + ' (' + mode + ')':<30} {rates[name, mode]:>8.1f} "
            f"{medians[name, mode]:>6.1f} ms {p95:>6.1f} ms {surprises[name, mode]:>10}"
        )
    static = rates["static file", "static"]
    section = rates.get(("guidebook section", "cached"))
    if section:
        print(
            f"\ncached guidebook section: {section / static:.2f}x the static file's requests/s"
            " (target >= 0.5x)"
        )
    for kind in ("missed", "after edit"):
        standard = medians["standard page", kind]
        worst = max(
            (medians[name, mode] / standard, name)
            for name, _url, mode in plan
            if mode == kind and name != "search page"
        )
        print(
            f"{kind}: the slowest page, {worst[1]}, at {worst[0]:.2f}x the standard page's "
            "median (target <= 1.5x; the search page has its own bench)"
        )


if __name__ == "__main__":
    main()
