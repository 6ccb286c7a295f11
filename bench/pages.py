"""Page benchmark, in-process: SQL queries and time per public page, uncached and cached.

    python manage.py load_demo        # once: the demo content, in the database this script uses
    python bench/pages.py             # the embedded default (db.sqlite3)
    DATABASE_URL=postgres://… python bench/pages.py

For the home page, a standard page, a guidebook section, the lessons list, an exchange record
and the search page (a Khmer query), as an anonymous visitor through Django's test client (the
whole middleware stack, no network): SQL queries of one request and the median and p95 time of
BENCH_RUNS requests, with the page cache off (``PAGE_CACHE_SECONDS=0``: every page built), then
on (every request after the first served from the cache), then a conditional request answered
304. Run it on an older checkout with the same database to compare (docs/pages.md has both).
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


if __name__ == "__main__":
    main()
