"""A course learned offline, in a real headless Chromium: the learner downloads it, the server
STOPS (Playwright's offline switch does not cover a service worker's own requests), the learner
reads lessons, reloads a page and answers the quiz from the phone's copy; the server starts
again on the same port, the queue drains, and the database holds each event exactly once, the
completion and the certificate; a second browser logged in as the same learner sees the same.

The server is a separate process (``manage.py runserver``) on the test database, so that it can
be stopped and started; the test's rows are committed for it (a transactional test)."""

import functools
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.db import connection
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from tests.support.browser import log_in
from training.learning import enrol
from training.models import (
    Certificate,
    CourseCompletion,
    LessonProgress,
    ProgressEvent,
    QuizAttempt,
)

from .conftest import build_course

PORT = int(os.environ.get("OFFLINE_E2E_PORT", "8147"))
#: The uploads' host of their own, as production serves them (README: DJANGO_MEDIA_URL).
MEDIA_PORT = PORT + 1
PHONE = {"width": 390, "height": 844}


def database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


class MediaHost:
    """MEDIA_ROOT on another origin, answering images with CORS as README's nginx does."""

    def __init__(self, port, portal):
        class Handler(SimpleHTTPRequestHandler):
            def end_headers(self):
                self.send_header("Access-Control-Allow-Origin", portal)
                self.send_header("X-Content-Type-Options", "nosniff")
                super().end_headers()

            def log_message(self, *args):
                pass

        handler = functools.partial(Handler, directory=str(settings.MEDIA_ROOT))
        self.url = f"http://127.0.0.1:{port}/"
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        if self.httpd.socket.fileno() != -1:
            self.httpd.shutdown()
            self.httpd.server_close()


class Server:
    """``manage.py runserver`` on the test database, to stop and start again on one port."""

    def __init__(self, port):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.process = None
        self.log = open(settings.BASE_DIR / "artifacts" / "offline-e2e-server.log", "ab")

    def start(self):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url(),
            "DJANGO_MEDIA_URL": f"http://127.0.0.1:{MEDIA_PORT}/",
        }
        env.pop("CELERY_BROKER_URL", None)  # the certificate is made in the server's process
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                "--noreload",
                "--insecure",
                "--skip-checks",
                f"127.0.0.1:{self.port}",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the server did not start: see its log"
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.3)
        raise AssertionError("the server did not answer within 120 s")

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()


def until(page, script, timeout=60):
    """Wait until ``script`` is true in the page. Polled through page.evaluate (DevTools, which
    the page's CSP does not govern): wait_for_function evaluates strings inside the page,
    which the portal's CSP (no unsafe-eval) rightly refuses."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {script}"
        time.sleep(0.2)


def waiting(page, count):
    """Wait until the page shows ``count`` changes waiting to be sent (its script counts the
    queue once the page has loaded)."""
    until(page, f"document.getElementById('offline').dataset.waiting === '{count}'")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_course_downloaded_is_learned_offline_and_sent_once_back_online(
    request, home, learner, artifacts_dir
):
    c = build_course(home, slug="offline-e2e", lessons=3)  # quiz in the last lesson, 2 attempts
    enrol(learner, c.course)
    # A photo in the first lesson, from the uploads' host of its own (as in production).
    lesson_en = c.lessons[0].get_translation(c.course_en.locale)
    photo = get_image_model().objects.create(
        title="Commune meeting", file=get_test_image_file(filename="offline-e2e-photo.png")
    )
    lesson_en.body = [
        *lesson_en.body.raw_data,
        {"type": "image", "value": {"image": photo.pk, "caption": ""}},
    ]
    lesson_en.save_revision().publish()
    server = Server(PORT)
    server.start()
    request.addfinalizer(server.close)
    media = MediaHost(MEDIA_PORT, f"http://127.0.0.1:{PORT}")
    request.addfinalizer(media.stop)
    browser = request.getfixturevalue("browser")
    phone = browser.new_context(viewport=PHONE, device_scale_factor=1)
    phone.set_default_timeout(60_000)
    page = phone.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    base = server.url
    # Phone screenshots, as the artifacts of the other browser tests (docs/screenshots/ keeps
    # a copy of each, made by this test).
    shots = artifacts_dir

    log_in(page, base, learner.username, language="en")
    course_url = c.course_en.url
    lessons = [lesson.get_translation(c.course_en.locale).url for lesson in c.lessons]
    page.goto(base + course_url)
    # Controlled once the worker is active (it claims open pages; a reload makes sure).
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
    until(page, "!!(navigator.serviceWorker && navigator.serviceWorker.controller)")

    # The size first, then the download.
    page.click("[data-testid=offline-download]")
    asked = page.locator("[data-testid=offline-text]")
    until(page, "document.querySelector('[data-testid=offline-text]').textContent.includes('KB')")
    assert "phone" in asked.inner_text()
    page.screenshot(path=str(shots / "offline-course-page.png"))
    page.click("[data-testid=offline-confirm]")
    until(
        page,
        "document.querySelector('[data-testid=offline-text]').textContent.includes('Downloaded')",
    )
    assert page.locator("[data-testid=offline-remove]").is_visible()

    server.stop()
    media.stop()

    # Offline: the lessons from the phone's copy; each "mark as read" kept on the phone.
    page.goto(base + lessons[0])
    assert page.locator("h1").inner_text() == "Lesson 0"
    photo_src = page.locator("figure img").get_attribute("src")
    assert photo_src.startswith(media.url)  # from the uploads' host, which is down too
    until(page, "(i => i.complete && i.naturalWidth > 0)(document.querySelector('figure img'))")
    page.click("[data-testid=complete]")
    page.wait_for_url(base + lessons[1])
    waiting(page, 1)
    assert "1 change waiting to be sent" in page.locator("#offline").inner_text()
    page.reload()  # a reload offline: the page and the queue are still there
    assert page.locator("h1").inner_text() == "Lesson 1"
    waiting(page, 1)
    page.click("[data-testid=complete]")
    page.wait_for_url(base + lessons[2])
    waiting(page, 2)

    # The quiz, answered offline: kept, to be scored when the server is back.
    for q in c.quiz.question_list():
        choice = next(ch for ch in q["choices"] if ch["correct"])
        page.check(f"input[value='{choice['id']}']")
    page.click("[data-testid=submit-quiz]")
    page.wait_for_selector("[data-testid=offline-saved]:visible")
    waiting(page, 3)
    assert "3 changes waiting to be sent" in page.locator("#offline").inner_text()
    page.screenshot(path=str(shots / "offline-lesson.png"))
    page.click("[data-testid=complete]")
    page.wait_for_url(base + course_url)
    waiting(page, 4)
    assert not ProgressEvent.objects.exists()  # nothing reached the server

    page.goto(f"{base}/en/training/")
    page.wait_for_selector("[data-testid=offline-courses]:visible")
    assert "Course offline-e2e" in page.locator("[data-testid=offline-courses]").inner_text()
    page.screenshot(path=str(shots / "offline-dashboard.png"))

    # Back online: the next page load sends the queue, in order, once.
    server.start()
    page.goto(base + course_url)
    waiting(page, 0)
    page.reload()  # and again: nothing is sent twice
    waiting(page, 0)

    events = ProgressEvent.objects.filter(user=learner)
    assert sorted(events.values_list("kind", flat=True)) == [
        "lesson_completed",
        "lesson_completed",
        "lesson_completed",
        "quiz_answered",
    ]
    assert events.values("client_id").distinct().count() == 4
    assert LessonProgress.objects.filter(enrolment__user=learner).count() == 3
    attempt = QuizAttempt.objects.get(enrolment__user=learner)
    assert (attempt.number, attempt.score, attempt.passed) == (1, 100, True)
    assert CourseCompletion.objects.filter(enrolment__user=learner).count() == 1
    certificates = Certificate.objects.filter(completion__enrolment__user=learner)
    for _ in range(60):  # made by the server's own process (eager Celery), PDF included
        if certificates.exclude(pdf="").exists():
            break
        time.sleep(1)
    assert certificates.exclude(pdf="").count() == 1

    # Another browser, the same learner: the same progress.
    other = browser.new_context(viewport=PHONE)
    other.set_default_timeout(60_000)
    second = other.new_page()
    log_in(second, base, learner.username, language="en")
    second.goto(base + course_url)
    assert second.locator("[data-testid=percent]").inner_text() == "100%"
    second.goto(f"{base}/en/training/")
    assert second.locator("[data-testid=certificate-download]").count() == 1
    other.close()
    phone.close()
    server.stop()
    assert errors == []


# The page's own database, read and written through DevTools (not the page's script).
OPEN = """const d = await new Promise((ok) => {
    const r = indexedDB.open("isaf-offline", 1);
    r.onsuccess = () => ok(r.result);
  });"""
STORED = (
    "async () => {"
    + OPEN
    + """
  const all = (name) => new Promise((ok) => {
    const r = d.transaction(name).objectStore(name).getAll();
    r.onsuccess = () => ok(r.result);
  });
  const out = { queue: await all("queue"), courses: await all("courses") };
  // The worker opens (so makes) the cache to ask it: what counts is what it holds.
  out.cached = 0;
  for (const name of await caches.keys()) {
    out.cached += (await (await caches.open(name)).keys()).length;
  }
  d.close();
  return out;
}"""
)
QUEUE = (
    "async (event) => {"
    + OPEN
    + """
  await new Promise((ok) => {
    const t = d.transaction("queue", "readwrite");
    t.objectStore("queue").add(event);
    t.oncomplete = ok;
  });
  d.close();
}"""
)


def queued(user, lesson, event_id):
    return {
        "id": event_id,
        "user": str(user.pk),
        "type": "lesson_completed",
        "lesson": lesson,
        "occurred_at": "2026-01-01T00:00:00Z",
    }


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_logging_out_of_a_shared_phone_sends_then_forgets_the_learners_courses(
    request, home, learner, make_user, artifacts_dir
):
    c = build_course(home, slug="shared-phone", lessons=2)
    enrol(learner, c.course)
    other = make_user("dara", groups=["Learner"], area_code="05")
    server = Server(PORT)
    server.start()
    request.addfinalizer(server.close)
    # A wide screen: on a phone's, the log-out button is in the closed menu.
    phone = request.getfixturevalue("browser").new_context(viewport={"width": 1280, "height": 900})
    phone.set_default_timeout(30_000)
    page = phone.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    base = server.url

    log_in(page, base, learner.username, language="en")
    page.goto(base + c.lessons[0].get_translation(c.course_en.locale).url)
    lesson = int(page.get_attribute("form[data-offline-lesson]", "data-offline-lesson"))
    page.goto(base + c.course_en.url)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
    until(page, "!!(navigator.serviceWorker && navigator.serviceWorker.controller)")
    page.click("[data-testid=offline-download]")
    until(page, "document.querySelector('[data-testid=offline-text]').textContent.includes('KB')")
    page.click("[data-testid=offline-confirm]")
    until(
        page,
        "document.querySelector('[data-testid=offline-text]').textContent.includes('Downloaded')",
    )
    stored = page.evaluate(STORED)
    assert len(stored["courses"]) == 1 and stored["cached"] > 0

    # A change not sent, and no server: log-out warns, and does not log out.
    unsent = "6a1e1f0e-7c3b-4d5e-9f00-000000000001"
    page.evaluate(QUEUE, queued(learner, lesson, unsent))
    server.stop()
    page.click("form[data-logout] button")
    until(page, "document.getElementById('offline').textContent.includes('not sent yet')")
    assert "1 change not sent yet" in page.locator("#offline").inner_text()
    assert len(page.evaluate(STORED)["queue"]) == 1

    # The server back: the next press sends it, forgets the course, then logs out.
    server.start()
    page.click("form[data-logout] button")
    page.wait_for_selector("form[data-logout]", state="detached")
    assert ProgressEvent.objects.filter(user=learner, client_id=unsent).count() == 1
    stored = page.evaluate(STORED)
    assert stored == {"queue": [], "courses": [], "cached": 0}

    # The first learner's change left on the phone is not sent under the next one's log-in.
    left = "6a1e1f0e-7c3b-4d5e-9f00-000000000002"
    page.evaluate(QUEUE, queued(learner, lesson, left))
    log_in(page, base, other.username, language="en")
    page.goto(f"{base}/en/training/")
    until(page, "document.getElementById('offline').dataset.waiting === '0'")
    assert [e["id"] for e in page.evaluate(STORED)["queue"]] == [left]
    assert not ProgressEvent.objects.filter(client_id=left).exists()
    phone.close()
    server.stop()
    assert errors == []
