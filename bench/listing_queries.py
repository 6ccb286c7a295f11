"""SQL queries (and time) of the listings and the search page, as a reader gets them.

    python bench/listing_queries.py              # SQLite, in a scratch file under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/isaf_queries python bench/listing_queries.py

The database is a scratch one (migrated, the demo loaded, then BENCH_LESSONS more lessons and
BENCH_EXCHANGES more exchange visits added, tagged in turn with the demo's strategies, actor
types and places): never point this at real data. Each URL is fetched once to warm caches, then
once more after a new page-cache generation (as after any edit: the page and the search outcome
are built, not served from the cache), inside Django's ``CaptureQueriesContext``; prints the
number of queries, the rows those queries returned, and the time of that request.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/isaf_queries_bench.sqlite3")
os.environ.pop("CELERY_BROKER_URL", None)

LESSONS = int(os.environ.get("BENCH_LESSONS", "200"))
EXCHANGES = int(os.environ.get("BENCH_EXCHANGES", "100"))

URLS = [
    "/km/lessons/",
    "/km/lessons/?strategy=2&page=2",
    "/en/lessons/?province=05",
    "/km/exchanges/",
    "/km/exchanges/?province=05&strategy=2",
    "/km/search/?q=គណនេយ្យភាព",
    "/km/search/?q=គណនេយ្យភាព&strategy=2&province=05",
    "/en/search/?q=accountability",
]


def add_pages(model, parent, count, make):
    """``count`` more live pages of ``model`` under ``parent``, tagged by ``make(n)``."""
    from knowledge_base.models import ExchangeVisitor

    existing = model.objects.child_of(parent).filter(slug__startswith="bench-").count()
    for n in range(existing, count):
        fields, tags = make(n)
        page = model(slug=f"bench-{n}", **fields)
        page.strategies = tags["strategies"]
        page.actor_types = tags.get("actor_types", [])
        if "visitors" in tags:
            page.visitors = [ExchangeVisitor(area=area) for area in tags["visitors"]]
        parent.add_child(instance=page)
        page.save_revision().publish()


def build(lesson_index, exchange_index):
    import datetime

    from portal.models import ActorType, AdministrativeArea, Strategy

    strategies = list(Strategy.objects.filter(locale=lesson_index.locale))
    actors = list(ActorType.objects.filter(locale=lesson_index.locale))
    areas = list(AdministrativeArea.objects.all())

    def lesson(n):
        fields = {
            "title": f"មេរៀនសាកល្បង {n}",
            "summary": "គណនេយ្យភាពសង្គម នៅឃុំ",
            "sector": ["health", "education", "other"][n % 3],
            "date": datetime.date(2020 + n % 6, 1 + n % 12, 1),
            "area": areas[n % len(areas)],
        }
        tags = {
            "strategies": [strategies[n % 8], strategies[(n * 3) % 8]],
            "actor_types": [actors[n % len(actors)]],
        }
        return fields, tags

    def exchange(n):
        fields = {
            "title": f"ទស្សនកិច្ចសាកល្បង {n}",
            "summary": "គណនេយ្យភាពសង្គម",
            "start_date": datetime.date(2020 + n % 6, 1 + n % 12, 1),
            "area": areas[n % len(areas)],
        }
        tags = {
            "strategies": [strategies[n % 8]],
            "visitors": [areas[(n + 5) % len(areas)], areas[(n + 9) % len(areas)]],
        }
        return fields, tags

    from knowledge_base.models import ExchangeVisitPage, LessonPage

    add_pages(LessonPage, lesson_index, LESSONS, lesson)
    add_pages(ExchangeVisitPage, exchange_index, EXCHANGES, exchange)


def main():
    import logging
    import warnings

    import django

    django.setup()
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", message="No directory at")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from knowledge_base.models import ExchangeIndexPage, LessonIndexPage
    from portal.infrastructure import page_cache

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    km_lessons = LessonIndexPage.objects.get(locale__language_code="km")
    km_exchanges = ExchangeIndexPage.objects.get(locale__language_code="km")
    start = time.perf_counter()
    build(km_lessons, km_exchanges)
    call_command("update_index", verbosity=0)
    print(
        f"backend: {connection.vendor}; {LESSONS} + demo lessons, {EXCHANGES} + demo exchanges "
        f"(built in {time.perf_counter() - start:.1f} s)"
    )

    client = Client(HTTP_HOST="localhost")
    print(f"\n{'url':<52} {'queries':>7} {'rows':>7} {'ms':>7}")
    for url in URLS:
        client.get(url)  # warm: site root, locales, templates
        page_cache._new_generation()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (url, response.status_code)
        rows, unread = 0, 0
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                sql = query["sql"]
                if sql.lstrip().upper().startswith("SELECT"):
                    try:
                        cursor.execute(sql)
                        rows += len(cursor.fetchall())
                    except Exception:  # noqa: BLE001 - logged SQL that does not run again as is
                        unread += 1
        note = f"  ({unread} queries not re-run for rows)" if unread else ""
        print(f"{url:<52} {len(captured):>7} {rows:>7} {elapsed:>7.0f}{note}")


if __name__ == "__main__":
    main()
