"""Load test of the progress API: 200 learners × 50 events against gunicorn on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/isaf_bench \
        .venv/bin/python bench/progress_load.py

Loopback only, bounded in time. It (re)creates the database named in DATABASE_URL, builds a
10-lesson course, 200 learners with API tokens, starts gunicorn, then each learner posts 50
events concurrently (plus 5 replays of events already sent, which must not be recorded again).
Afterwards it checks the database holds exactly 200 × 50 events and the expected completions,
and runs the same load against GET /api/training/me (half before the events, half after,
pooled; after an uncounted warm-up), a bare authenticated JSON view: the same
API, the same token authentication (and its cache), the same rate limit and middleware, no
database work of its own. The ratio is events/s of the single-event phase over requests/s of
the bare phase.

A third phase posts the same kind of load, on a second course, through the batch endpoint
(10 events per call, then one call replaying 5) and checks it the same way; its events/s is
reported separately, with its own ratio to the bare view: how the mobile app sends what it
recorded offline.

After each phase it prints the CPU time per request of the server (gunicorn), PostgreSQL,
Redis and the load generator, read from /proc: where the cost of a request goes, in figures a
busy machine does not distort as much as requests per second.
"""

import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# BENCH_LEARNERS=20 makes a quick check that the bench still runs (figures: keep 200).
LEARNERS = int(os.environ.get("BENCH_LEARNERS", "200"))
EVENTS, REPLAYS, LESSONS = 50, 5, 10
PORT = int(os.environ.get("BENCH_PORT", "8765"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "5"))
SERVER_PID = None  # the gunicorn master, once started
PHASE_DEADLINE = 100  # seconds at most for each of the two load phases

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL.startswith("postgres"):
    sys.exit("set DATABASE_URL to a PostgreSQL database (it is dropped and recreated)")
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    # Certificates are queued for a worker, as in production; none runs here.
    "CELERY_BROKER_URL": os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/3"),
    # One cache for the workers, as in production (tokens, rate limits, course requirements).
    "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/4"),
    "DATABASE_CONN_MAX_AGE": "60",
    "TRAINING_API_RATE_LIMIT": "100000",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
}
os.environ.update(ENV)


def recreate_database():
    import psycopg

    url = urlparse(DATABASE_URL)
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def build_course(home, slug):
    from portal.demo import publish_pair
    from training.models import CourseIndexPage, CourseLessonPage, CourseModulePage, CoursePage

    index = CourseIndexPage.objects.child_of(home).first()
    if index is None:
        index, _ = publish_pair(home, CourseIndexPage, "courses", {"title": "វគ្គ"}, None)
    course, _ = publish_pair(index, CoursePage, slug, {"title": slug}, None)
    module, _ = publish_pair(course, CourseModulePage, "m", {"title": "M"}, None)
    lessons = [
        publish_pair(module, CourseLessonPage, f"l{i}", {"title": f"L{i}"}, None)[0].pk
        for i in range(LESSONS)
    ]
    return course, lessons


def setup():
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, check=True, env=ENV
    )
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from wagtail.models import APIToken, Page, Site

    cache.clear()  # the bench's own Redis database: nothing left from an earlier run

    from portal.demo import publish_pair
    from portal.models import HomePage
    from training.learning import enrol

    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home, _ = publish_pair(root, HomePage, "home", {"title": "ដើម"}, {"title": "Home"})
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "127.0.0.1", "root_page": home, "port": 80}
    )
    course, lessons = build_course(home, "bench")
    batch_course, batch_lessons = build_course(home, "bench-batch")
    User = get_user_model()
    tokens = []
    # No password hashing: the learners authenticate with tokens only.
    User.objects.bulk_create(
        [
            User(username=f"bench{n}", email=f"bench{n}@example.org", password="!")
            for n in range(LEARNERS)
        ]
    )
    from portal.models import Profile

    Profile.objects.bulk_create(
        [Profile(user=u) for u in User.objects.filter(username__startswith="bench")]
    )
    for n in range(LEARNERS):
        user = User.objects.get(username=f"bench{n}")
        enrol(user, course, assigned=True)
        enrol(user, batch_course, assigned=True)
        plain = APIToken.generate_token()
        APIToken.objects.create(
            user=user, name="bench", key_hash=APIToken.hash_token(plain), prefix=plain[:12]
        )
        tokens.append(plain)
    return (course.pk, lessons), (batch_course.pk, batch_lessons), tokens


def plan(n, lessons):
    """50 events for learner n; every 4th learner never completes the last lesson."""
    skip_last = n % 4 == 3
    events = []
    for i in range(EVENTS):
        lesson = lessons[i % LESSONS]
        kind = "lesson_completed" if i % 2 == 1 or i >= 40 else "lesson_viewed"
        if skip_last and lesson == lessons[-1]:
            kind = "lesson_viewed"
        # occurred_at runs backwards: the server must accept events out of order
        events.append(
            {
                "id": str(uuid.uuid4()),
                "lesson": lesson,
                "type": kind,
                "occurred_at": f"2026-11-20T10:{(EVENTS - i) % 60:02d}:00+07:00",
            }
        )
    return events


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(server_pid):
    """CPU seconds used so far, from /proc (Linux): the gunicorn master and its workers, the
    PostgreSQL and Redis server processes, and this load generator (its 200 client threads).
    Other processes (a test run, say) are not counted: the per-request figures stay comparable
    on a machine that is not quiet, where the requests per second do not."""
    used = {"gunicorn": 0.0, "postgres": 0.0, "redis": 0.0}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        # utime + stime, and cutime + cstime: the children that have exited (a PostgreSQL
        # backend whose connection closed, a recycled gunicorn worker) count to their parent.
        ppid, seconds = int(fields[1]), sum(int(f) for f in fields[11:15]) / TICKS
        if int(entry.name) == server_pid or ppid == server_pid:
            used["gunicorn"] += seconds
        elif name.startswith("postgres"):
            used["postgres"] += seconds
        elif name.startswith("redis-server"):
            used["redis"] += seconds
    own = os.times()
    used["load generator"] = own.user + own.system
    return used


def run(label, tokens, make_requests):
    latencies, errors, statuses = [], [], {}
    items = [0]
    lock = threading.Lock()
    start_gate = threading.Barrier(len(tokens) + 1)

    def learner(n, token):
        conn = HTTPConnection("127.0.0.1", PORT, timeout=30)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        start_gate.wait()
        for method, path, body in make_requests(n):
            if time.monotonic() > stop_at:
                break
            t0 = time.perf_counter()
            try:
                conn.request(method, path, body=json.dumps(body) if body else None, headers=headers)
                response = conn.getresponse()
                response.read()
                code = response.status
            except Exception as error:  # noqa: BLE001 - counted and reported
                conn.close()
                conn = HTTPConnection("127.0.0.1", PORT, timeout=30)
                with lock:
                    errors.append(repr(error))
                continue
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed)
                statuses[code] = statuses.get(code, 0) + 1
                if code < 300:
                    items[0] += len(body["events"]) if body and "events" in body else 1
        conn.close()

    threads = [threading.Thread(target=learner, args=(n, t)) for n, t in enumerate(tokens)]
    for thread in threads:
        thread.start()
    stop_at = time.monotonic() + PHASE_DEADLINE
    start_gate.wait()
    cpu_before = cpu_seconds(SERVER_PID)
    t0 = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - t0
    cpu_after = cpu_seconds(SERVER_PID)
    latencies.sort()
    figures = {
        "requests": len(latencies),
        "per_second": len(latencies) / wall,
        "items_per_second": items[0] / wall,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else 0,
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0,
        "wall_s": wall,
        "statuses": statuses,
        "errors": len(errors),
    }
    print(
        f"{label:<28} {figures['requests']:>6} req  {figures['per_second']:8.1f} req/s  "
        f"p50 {figures['p50_ms']:7.1f} ms  p95 {figures['p95_ms']:7.1f} ms  "
        f"({figures['wall_s']:.1f} s, statuses {statuses}, errors {len(errors)})"
    )
    if latencies:
        per_request = {
            group: 1000 * (cpu_after[group] - cpu_before[group]) / len(latencies)
            for group in cpu_after
        }
        print(
            f"{'':<28} CPU per request: "
            + ", ".join(f"{group} {ms:.2f} ms" for group, ms in per_request.items())
            + f"; total {sum(per_request.values()):.2f} ms"
            + f" ({sum(cpu_after.values()) - sum(cpu_before.values()):.1f} s over {wall:.1f} s)"
        )
    return figures


def pool(a, b):
    wall = a["wall_s"] + b["wall_s"]
    requests = a["requests"] + b["requests"]
    return {"requests": requests, "per_second": requests / wall}


BATCH = 10
BATCH_PATH = "/api/training/progress-events/batch"


def check(label, course_id):
    from training.models import CourseCompletion, LessonProgress, ProgressEvent

    events = ProgressEvent.objects.filter(enrolment__course_id=course_id)
    stored = events.count()
    distinct = events.values("user", "client_id").distinct().count()
    completions = CourseCompletion.objects.filter(enrolment__course_id=course_id).count()
    expected_completions = sum(1 for n in range(LEARNERS) if n % 4 != 3)
    progress_rows = LessonProgress.objects.filter(enrolment__course_id=course_id).count()
    expected_rows = sum(LESSONS - (n % 4 == 3) for n in range(LEARNERS))
    expected = LEARNERS * EVENTS
    print(f"{label}:")
    print(f"  events stored: {stored} (expected {expected}; distinct ids {distinct})")
    print(f"  lost {max(0, expected - distinct)}, doubled {stored - distinct}")
    print(f"  lesson progress rows: {progress_rows} (expected {expected_rows})")
    print(f"  completions: {completions} (expected {expected_completions})")
    return (
        stored == expected == distinct
        and completions == expected_completions
        and progress_rows == expected_rows
    )


def main():
    t_start = time.monotonic()
    recreate_database()
    (course_id, lessons), (batch_course_id, batch_lessons), tokens = setup()
    plans = [plan(n, lessons) for n in range(LEARNERS)]
    batch_plans = [plan(n, batch_lessons) for n in range(LEARNERS)]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            str(WORKERS),
            "--backlog",
            "512",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
    )
    global SERVER_PID
    SERVER_PID = server.pid
    try:
        for _ in range(100):
            try:
                conn = HTTPConnection("127.0.0.1", PORT, timeout=2)
                conn.request("GET", "/api/training/openapi.json")
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        print(f"{LEARNERS} learners × {EVENTS} events, gunicorn -w {WORKERS}, PostgreSQL")

        def events(n):
            for event in plans[n]:
                yield "POST", "/api/training/progress-events", event
            for event in plans[n][:REPLAYS]:  # replays: must be answered, not recorded again
                yield "POST", "/api/training/progress-events", event

        # The bare view is measured half before and half after the events, and the two halves
        # pooled: the machine is shared, and its load drifts from one phase to the next.
        def bare_half(n):
            return (("GET", "/api/training/me", None) for _ in range(EVENTS // 2))

        # Warm-up, not counted: every worker opens its database connection, fills its caches
        # and compiles its URL patterns before anything is measured.
        run(
            "warm-up GET /api/training/me",
            tokens,
            lambda n: (("GET", "/api/training/me", None),) * 5,
        )
        bare_before = run("bare GET /api/training/me (1)", tokens, bare_half)
        progress = run("progress events (+replays)", tokens, events)
        bare_after = run("bare GET /api/training/me (2)", tokens, bare_half)
        bare = pool(bare_before, bare_after)
        print(
            f"{'bare view, pooled':<28} {bare['requests']:>6} req  {bare['per_second']:8.1f} req/s"
        )

        def batches(n):
            for start in range(0, EVENTS, BATCH):
                yield "POST", BATCH_PATH, {"events": batch_plans[n][start : start + BATCH]}
            yield "POST", BATCH_PATH, {"events": batch_plans[n][:REPLAYS]}  # replays

        batch = run(f"batch events ({BATCH}/call)", tokens, batches)
        print(f"{'':<28} {batch['items_per_second']:8.1f} events/s through the batch endpoint")
    finally:
        server.terminate()
        server.wait(timeout=30)

    ratio = progress["per_second"] / bare["per_second"] if bare["per_second"] else 0
    print(f"throughput ratio single events/bare: {ratio:.2f} (target ≥ 0.5)")
    if bare["per_second"]:
        print(
            "throughput ratio batch events/bare: "
            f"{batch['items_per_second'] / bare['per_second']:.2f} (events/s over requests/s)"
        )
    ok = check("single-event phase", course_id) & check("batch phase", batch_course_id)
    print("RESULT:", "no event lost or doubled" if ok else "MISMATCH")
    print(f"total run time {time.monotonic() - t_start:.0f} s")
    subprocess.run(
        [sys.executable, "-m", "celery", "-A", "portal", "purge", "-f"],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
