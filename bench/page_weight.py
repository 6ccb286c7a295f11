"""Page weight on a phone: bytes transferred by the key pages, first visit and repeat visit.

    .venv/bin/python bench/page_weight.py

Builds a scratch portal under /tmp (SQLite, the demo content, collectstatic) with the
production settings (compressed HTML through GZipMiddleware, WhiteNoise's pre-compressed static
files with hashed names), starts gunicorn on a free loopback port, and drives headless Chromium
at phone size (390×844) through the home page, a guidebook section, a course lesson, the lesson
with the quiz and the learner's dashboard, in Khmer and in English, logged in as the demo
learner. "First" is a fresh browser context (empty cache; the log-in itself goes through the
API request context, which does not fill the page cache); "repeat" is the same page loaded again
in that context. Bytes are what crossed the network: Chromium's encodedDataLength, headers
included, summed over every request of the page load, plus what the service worker the page
registers downloads for itself (/sw.js and Workbox: the page's DevTools session does not see
those; the context's request events do). Targets (issue 14): first ≤ 120 KB, repeat ≤ 15 KB.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
FIRST_TARGET, REPEAT_TARGET = 120 * 1024, 15 * 1024


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(scratch, port):
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"http://localhost:{port},https://localhost:{port}",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{scratch}/db.sqlite3",
        "DJANGO_STATIC_ROOT": f"{scratch}/static",
        "DJANGO_MEDIA_ROOT": f"{scratch}/media",
        "DJANGO_PRIVATE_MEDIA_ROOT": f"{scratch}/private-media",
        "CELERY_BROKER_URL": "",
        "CACHE_URL": "",
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


PAGES_CODE = """
import json
from knowledge_base.models import GuidebookSectionPage
from training.models import CourseLessonPage
urls = {}
for lang in ("km", "en"):
    section = GuidebookSectionPage.objects.live().filter(locale__language_code=lang).first()
    lessons = CourseLessonPage.objects.live().filter(locale__language_code=lang)
    quiz = next(l for l in lessons if l.specific.quiz_ids())
    plain = next(l for l in lessons if not l.specific.quiz_ids())
    urls[lang] = {"home": f"/{lang}/", "guidebook section": section.url, "lesson": plain.url,
                  "quiz": quiz.url, "dashboard": f"/{lang}/training/"}
print(json.dumps(urls))
"""


def wait_for(url, seconds=180):
    """Until gunicorn's workers answer (booting Django takes a while on a busy machine)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(request, timeout=30):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def log_in(context, base):
    page = context.request.get(f"{base}/km/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text()).group(1)
    answer = context.request.post(
        f"{base}/km/accounts/login/",
        form={
            "csrfmiddlewaretoken": token,
            "username": "learner",
            "password": "demo-password-2026",
        },
        headers={"Referer": f"{base.replace('http:', 'https:')}/km/accounts/login/"},
        max_redirects=0,
    )
    assert answer.status == 302, f"log-in failed: {answer.status}"


def transferred(page, cdp, url):
    sizes = {}
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    worker = []

    def by_the_worker(request):
        if request.service_worker is not None and not request.url.startswith("chrome"):
            measured = request.sizes()
            worker.append(measured["responseBodySize"] + measured["responseHeadersSize"])

    page.context.on("requestfinished", by_the_worker)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    # The worker registers after the page's deferred script ran; let it fetch what it needs.
    page.evaluate(
        "navigator.serviceWorker ? Promise.race([navigator.serviceWorker.ready,"
        " new Promise(done => setTimeout(done, 5000))]).then(() => true) : true"
    )
    page.wait_for_timeout(500)
    page.context.remove_listener("requestfinished", by_the_worker)
    return sum(sizes.values()) + sum(worker), len(sizes) + len(worker)


def measure(browser, base, urls):
    rows = []
    for lang, pages in urls.items():
        for name, path in pages.items():
            context = browser.new_context(
                viewport=PHONE, extra_http_headers={"X-Forwarded-Proto": "https"}
            )
            context.set_default_timeout(120_000)
            log_in(context, base)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            first, requests = transferred(page, cdp, base + path)
            cdp.detach()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            repeat, _ = transferred(page, cdp, base + path)
            rows.append((lang, name, path, first, requests, repeat))
            context.close()
    return rows


def main():
    from playwright.sync_api import sync_playwright

    scratch = tempfile.mkdtemp(prefix="isaf-page-weight-")
    port = free_port()
    env = environment(scratch, port)
    server = None
    try:
        manage(env, "migrate", "--no-input", "--verbosity", "0")
        manage(env, "load_demo")
        manage(env, "collectstatic", "--no-input", "--verbosity", "0")
        code = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", PAGES_CODE],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        urls = json.loads(code.stdout.strip().splitlines()[-1])
        server = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        base = f"http://localhost:{port}"
        wait_for(f"http://127.0.0.1:{port}/km/")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                ],
            )
            rows = measure(browser, base, urls)
            browser.close()
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(scratch, ignore_errors=True)

    print(f"\nPage weight at {PHONE['width']}×{PHONE['height']}, logged in as the demo learner")
    print(f"{'lang':4} {'page':18} {'first KB':>9} {'requests':>8} {'repeat KB':>9}  path")
    worst_first = worst_repeat = 0
    for lang, name, path, first, requests, repeat in rows:
        worst_first, worst_repeat = max(worst_first, first), max(worst_repeat, repeat)
        print(f"{lang:4} {name:18} {first / 1024:9.1f} {requests:8} {repeat / 1024:9.1f}  {path}")
    print(
        f"worst first visit {worst_first / 1024:.1f} KB (target ≤ {FIRST_TARGET // 1024}), "
        f"worst repeat {worst_repeat / 1024:.1f} KB (target ≤ {REPEAT_TARGET // 1024})"
    )


if __name__ == "__main__":
    main()
