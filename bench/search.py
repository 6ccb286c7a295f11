"""Search benchmark: 10,000 bilingual documents, query latency per kind, full reindex time.

    python bench/search.py                       # SQLite, in a scratch file under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/isaf_bench python bench/search.py

The database is a scratch one (migrated, then filled): never point this at real data. The
corpus is generated from the portal's vocabulary (DOMAIN.md's strategies, actors, provinces in
Khmer and English). Prints median and p95 latency of a search (first page of 10 results, the
portal's own query path: the backend alone) for short, long, Khmer, English and no-hit queries,
the same through the whole results pipeline (count, facets, snippets, hints), through the API
in-process, and through HTTP (gunicorn with the production settings; for each number of
concurrent clients in ``BENCH_CLIENTS``, default "1,4"; port ``BENCH_PORT``, default 8161;
``BENCH_HTTP=0`` skips it), the first search of a fresh process, and the full reindex time
(``manage.py update_index``). Targets (issue 15): backend p95 < 50 ms; end to end p95 <= 50 ms
and <= 2x the backend's p95 of the same run; reindex < 60 s.
"""

import os
import random
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/isaf_search_bench.sqlite3")
os.environ.pop("CELERY_BROKER_URL", None)  # index in-process: this measures the backend

from bench.http_server import gunicorn, production_env  # noqa: E402

DOCUMENTS = int(os.environ.get("BENCH_DOCUMENTS", "10000"))
RUNS = int(os.environ.get("BENCH_RUNS", "25"))
VERBOSE = os.environ.get("BENCH_VERBOSE") == "1"  # also print each query's figures
HTTP = os.environ.get("BENCH_HTTP", "1") == "1"
CLIENTS = [int(n) for n in os.environ.get("BENCH_CLIENTS", "1,4").split(",")]
PORT = int(os.environ.get("BENCH_PORT", "8161"))
#: The Redis database the HTTP phase's gunicorn and this script share (its page-cache
#: generation is how each request is made uncached); a scratch one.
HTTP_CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14")

KM_PHRASES = [
    "ការលើកកម្ពស់ការទទួលខុសត្រូវរបស់យន្តការគណនេយ្យភាពសង្គម",
    "ការអភិវឌ្ឍសមត្ថភាពអំពីការងារគណនេយ្យភាពសង្គម",
    "ការរៀបចំផែនការសកម្មភាព និងថវិកាស្តីពីការអនុវត្តការងារគណនេយ្យភាពសង្គម",
    "ការវិភាជថវិកាដើម្បីគាំទ្រការអនុវត្តការងារគណនេយ្យភាពសង្គម",
    "ការត្រួតពិនិត្យ និងការវាយតម្លៃ",
    "ការប្រើប្រាស់ប្រព័ន្ធបច្ចេកវិទ្យាឌីជីថលសម្រាប់ការងារគណនេយ្យភាពសង្គម",
    "ការជ្រើសរើស CAFs និងការបង្កើតបណ្តាញ CAFs",
    "ការពង្រឹងភាពជាដៃគូក្នុងការអនុវត្តការងារគណនេយ្យភាពសង្គម",
    "អង្គភាពត្រួតពិនិត្យ វាយតម្លៃ និងព័ត៌មាន",
    "សាលាជាតិរដ្ឋបាលមូលដ្ឋាន (ក្រសួងមហាផ្ទៃ)",
    "ក្រុមការងារគណនេយ្យភាពសង្គមរាជធានី ខេត្ត",
    "រដ្ឋបាលឃុំ សង្កាត់",
    "គណៈកម្មាធិការ ផ.ស.រ.គ.",
    "មណ្ឌលសុខភាព",
    "សាលាបឋមសិក្សា",
    "អ្នកសម្របសម្រួលគណនេយ្យភាពសហគមន៍",
    "អង្គការសង្គមស៊ីវិល",
    "ដៃគូអភិវឌ្ឍន៍",
    "ប្រជាពលរដ្ឋ",
    "ភ្នំពេញ", "បាត់ដំបង", "កំពង់ចាម", "កំពង់ស្ពឺ", "សៀមរាប", "តាកែវ", "ព្រៃវែង", "កំពត",
]  # fmt: skip
EN_WORDS = (
    "strengthening accountability social mechanisms capacity development work action plans "
    "budgets implementation allocation support monitoring evaluation digital technology "
    "systems selecting CAFs building networks partnerships commune sangkat health centre "
    "primary school citizens district province committee facilitator scorecard JAAP lessons "
    "exchange guidebook training course learners report"
).split()

QUERIES = {
    "short": ["សង្គម", "ថវិកា", "CAF", "budget", "ឃុំ", "health"],
    "long": [
        "ការរៀបចំផែនការសកម្មភាព និងថវិកាស្តីពីការអនុវត្តការងារគណនេយ្យភាពសង្គម",
        "strengthening accountability of social mechanisms at commune level",
        "ការត្រួតពិនិត្យ និងការវាយតម្លៃ CAF networks scorecard",
    ],
    "khmer": ["គណនេយ្យភាព", "វាយតម្លៃ", "មហាផ្ទៃ", "ភាពជាដៃគូ", "សមត្ថភាព", "មណ្ឌលសុខភាព"],
    "english": ["monitoring evaluation", "CAFs", "digital systems", "partnership", "networks"],
    "no-hit": ["ព្រះច័ន្ទ", "zyxwvut", "ម៉ាស៊ីនត្រជាក់", "quantum chromodynamics"],
}


def khmer_text(rng):
    return "".join(rng.choice(KM_PHRASES) + (" " if rng.random() < 0.3 else "") for _ in range(30))


def english_text(rng):
    return " ".join(rng.choice(EN_WORDS) for _ in range(80)).capitalize() + "."


def build_corpus(home_km, home_en):
    """Insert DOCUMENTS StandardPages directly (treebeard's add_child would take minutes)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from wagtail.models import Page

    from portal.models import StandardPage

    rng = random.Random(2026)
    content_type = ContentType.objects.get_for_model(StandardPage)
    existing = StandardPage.objects.count()
    if existing >= DOCUMENTS:
        return existing
    Page.objects.filter(depth__gt=2).delete()
    rows = []
    with transaction.atomic():
        for n in range(DOCUMENTS):
            parent = home_km if n % 2 == 0 else home_en
            khmer = parent is home_km
            title = (
                " ".join(rng.sample(KM_PHRASES, 2))
                if khmer
                else " ".join(rng.sample(EN_WORDS, 5)).title()
            )
            step = n // 2 + 1
            page = Page(
                title=title,
                draft_title=title,
                slug=f"doc-{n}",
                content_type=content_type,
                path=Page._get_path(parent.path, parent.depth + 1, step),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}doc-{n}/",
                live=True,
                locale_id=parent.locale_id,
                translation_key=uuid.uuid4(),
            )
            rows.append((page, khmer_text(rng) if khmer else english_text(rng)))
        Page.objects.bulk_create([page for page, _ in rows], batch_size=500)
        ids = dict(Page.objects.filter(depth=3).values_list("slug", "pk"))
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO portal_standardpage (page_ptr_id, intro, body) VALUES (%s, %s, %s)",
                [(ids[page.slug], intro, "[]") for page, intro in rows],
            )
        for parent in (home_km, home_en):
            Page.objects.filter(pk=parent.pk).update(numchild=DOCUMENTS // 2)
    return DOCUMENTS


def home_pages():
    """The Khmer home page (the default site's root) and its English translation, made as the
    tests make them (``HomePageFactory.pair``) in a fresh scratch database."""
    from wagtail.models import Locale, Page, Site

    from portal.factories import HomePageFactory
    from portal.models import HomePage

    home_km = HomePage.objects.filter(locale__language_code="km", depth=2).first()
    if home_km is None:
        root = Page.get_first_root_node()
        for child in root.get_children():
            child.delete()
        home_km, _ = HomePageFactory.pair(
            parent=root, slug="home", en={"title": "Home", "intro": "Social accountability"}
        )
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "root_page": home_km, "port": 80},
        )
    return home_km, home_km.get_translation(Locale.objects.get(language_code="en"))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def timed(function, runs, before=None):
    samples = []
    for _ in range(runs):
        if before:
            before()  # not timed
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), percentile(samples, 0.95)


def first_call(warm):
    """In a fresh process: the first pipeline call, after ``search.warm_up`` if ``warm`` (what
    config/wsgi.py does at a worker's start). Prints the milliseconds as 'warm-up first'."""
    import django

    django.setup()
    from search import results
    from search.warm_up import warm_up

    spent = warm_up() * 1000 if warm else 0.0
    start = time.perf_counter()
    results.run(results.SearchRequest(query="សង្គម", locale="km"))
    print(f"{spent:.0f} {(time.perf_counter() - start) * 1000:.0f}")


def start_up_figures():
    import subprocess

    lines = []
    for warm in (False, True):
        out = subprocess.run(
            [sys.executable, __file__, "--first-call", "1" if warm else "0"],
            capture_output=True,
            text=True,
            check=True,
            env=os.environ,
        ).stdout.split()
        lines.append((float(out[-2]), float(out[-1])))
    (_, cold), (warm_up_ms, warm) = lines
    print(
        f"first pipeline call after start-up: {cold:.0f} ms; with the warm-up at the worker's "
        f"start (config/wsgi.py, {warm_up_ms:.0f} ms at boot): {warm:.0f} ms"
    )


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from wagtail.models import Locale

    from portal.models import StandardPage
    from search import results

    call_command("migrate", verbosity=0)
    if not Locale.objects.filter(language_code="en").exists():
        Locale.objects.create(language_code="en")
    home_km, home_en = home_pages()

    start = time.perf_counter()
    count = build_corpus(home_km, home_en)
    print(
        f"backend: {connection.vendor}; corpus: {count} documents "
        f"(built in {time.perf_counter() - start:.1f} s)"
    )

    if connection.vendor == "postgresql":
        # The corpus is bulk-inserted: give the planner the statistics, and the index-only
        # scans the visibility map, that autovacuum would.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    start = time.perf_counter()
    call_command("update_index", verbosity=0)
    reindex = time.perf_counter() - start
    print(f"full reindex (manage.py update_index): {reindex:.1f} s (target < 60 s)")
    if connection.vendor == "postgresql":
        # update_index rewrites every entry (ON CONFLICT DO UPDATE): half the table is dead rows
        # until autovacuum passes, and scans read them too. Do what autovacuum would, and say so.
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE wagtailsearch_indexentry")
        print(f"VACUUM ANALYZE of the index entries after it: {time.perf_counter() - start:.1f} s")

    start_up_figures()
    from search.warm_up import warm_up

    warm_up()  # as config/wsgi.py does at a worker's start
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    km, en = Locale.objects.get(language_code="km"), Locale.objects.get(language_code="en")
    client = Client()
    from portal.infrastructure.page_cache import invalidate

    print(
        "\npipeline and API: each run after a new page-cache generation, so no outcome is\n"
        "cached (search/outcome_cache.py); 'again': the same search asked again, from the cache"
    )
    print(
        f"\n{'queries':<10} {'search median':>14} {'p95':>8} {'pipeline median':>16} {'p95':>8}"
        f" {'API median':>11} {'p95':>8} {'again median':>13} {'API p95 / search p95':>21}"
    )
    worst, worst_api, search_p95s = 0.0, 0.0, {}
    for kind, queries in QUERIES.items():
        search_samples, pipeline_samples, api_samples, again_samples = [], [], [], []
        for query in queries:
            locale = km if any("\u1780" <= c <= "\u17ff" for c in query) else en
            pages = StandardPage.objects.live().public().filter(locale=locale)

            def search(pages=pages, query=query):
                list(pages.search(query)[:10])

            def pipeline(query=query, language=locale.language_code):
                results.run(results.SearchRequest(query=query, locale=language))

            def api(query=query, language=locale.language_code):
                response = client.get("/api/search/", {"q": query, "locale": language})
                assert response.status_code == 200

            search_samples.append(timed(search, RUNS))
            pipeline_samples.append(timed(pipeline, max(3, RUNS // 5), before=invalidate))
            api_samples.append(timed(api, max(3, RUNS // 5), before=invalidate))
            again_samples.append(timed(api, max(3, RUNS // 5)))
            if VERBOSE:
                (sm, sp), (pm, pp) = search_samples[-1], pipeline_samples[-1]
                print(f"  {query[:40]:<40} {sm:>7.1f} {sp:>7.1f} {pm:>8.1f} {pp:>7.1f} ms")
        s_med = statistics.median(m for m, _ in search_samples)
        s_p95 = max(p for _, p in search_samples)
        p_med = statistics.median(m for m, _ in pipeline_samples)
        p_p95 = max(p for _, p in pipeline_samples)
        a_med = statistics.median(m for m, _ in api_samples)
        a_p95 = max(p for _, p in api_samples)
        g_med = statistics.median(m for m, _ in again_samples)
        worst, worst_api = max(worst, s_p95), max(worst_api, a_p95)
        search_p95s[kind] = s_p95
        print(
            f"{kind:<10} {s_med:>11.1f} ms {s_p95:>5.1f} ms {p_med:>13.1f} ms {p_p95:>5.1f} ms"
            f" {a_med:>8.1f} ms {a_p95:>5.1f} ms {g_med:>10.1f} ms {a_p95 / s_p95:>20.1f}x"
        )
    print(
        f"\nworst search p95: {worst:.1f} ms (target < 50 ms); worst API p95 (end to end, "
        f"in-process): {worst_api:.1f} ms (targets <= 50 ms and <= 2x the search p95)"
    )
    if HTTP:
        http_figures(search_p95s)


def http_figures(search_p95s):
    """/api/search/ through gunicorn (production settings, the workers of scripts/production),
    for each number of CLIENTS concurrent clients, every request after a new page-cache
    generation (uncached)."""
    from django.conf import settings

    from portal.infrastructure.cache import RedisCache

    shared = RedisCache(HTTP_CACHE_URL, {})
    database = settings.DATABASES["default"]
    env = production_env(os.environ["DATABASE_URL"], HTTP_CACHE_URL)
    workers = os.environ.get("ISAF_WEB_WORKERS", "3")
    with gunicorn(env, PORT, probe="/api/search/?q=x&locale=en") as base:
        for clients in CLIENTS:
            http_phase(base, shared, clients, search_p95s, workers, database)


def http_phase(base, shared, clients, search_p95s, workers, database):
    """One line per kind of query: median and p95 of the requests, p95 against the backend's,
    requests per second."""
    from portal.infrastructure import page_cache

    print(
        f"\nHTTP: /api/search/ through gunicorn ({workers} workers, production settings, "
        f"{database['ENGINE'].rsplit('.', 1)[-1]}), {clients} concurrent client(s), each request "
        "uncached (a new page-cache generation before it)"
    )
    print(f"{'queries':<10} {'median':>9} {'p95':>9} {'p95 / search p95':>17} {'req/s':>7}")
    for kind, queries in QUERIES.items():
        samples, lock = [], threading.Lock()

        def client(offset, queries=queries, samples=samples, lock=lock):
            ordered = queries[offset % len(queries) :] + queries[: offset % len(queries)]
            for _ in range(max(3, RUNS // 5)):
                for query in ordered:
                    language = "km" if any("\u1780" <= c <= "\u17ff" for c in query) else "en"
                    target = f"{base}/api/search/?" + urllib.parse.urlencode(
                        {"q": query, "locale": language}
                    )
                    shared.set(page_cache.GENERATION_KEY, uuid.uuid4().hex, None)
                    start = time.perf_counter()
                    with urllib.request.urlopen(target, timeout=60) as response:
                        response.read()
                        assert response.status == 200
                    with lock:
                        samples.append((time.perf_counter() - start) * 1000)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
        median, p95 = statistics.median(samples), percentile(samples, 0.95)
        print(
            f"{kind:<10} {median:>6.1f} ms {p95:>6.1f} ms {p95 / search_p95s[kind]:>16.1f}x"
            f" {len(samples) / elapsed:>7.1f}"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--first-call"]:
        first_call(sys.argv[2] == "1")
    else:
        main()
