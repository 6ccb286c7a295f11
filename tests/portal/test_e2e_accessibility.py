"""Accessibility as a gate: axe-core (the npm package, installed by scripts/setup, handed to the
test page by the test itself: the portal never serves it) over the key pages, at desktop and at
phone size, in Khmer and English. No serious or critical violation may be left."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from portal.factories import StandardPageFactory
from tests.training.conftest import build_course
from training.learning import enrol

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PASSWORD = "correct-horse-42"


@pytest.fixture
def axe_source():
    if not AXE.exists():
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(f"{AXE} is missing: run scripts/setup (npm ci)")
        pytest.skip(f"{AXE} is missing: run scripts/setup (npm ci)")
    return AXE.read_text(encoding="utf-8")


def serious(page, axe_source):
    # Evaluated through DevTools, so the page's Content-Security-Policy is untouched.
    page.evaluate(axe_source)
    violations = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => "
        "({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def test_the_key_pages_have_no_serious_accessibility_violations(
    transactional_db, live_server, home, make_user, axe_source, browser, artifacts_dir
):
    km, _en = home
    StandardPageFactory.pair(parent=km, slug="privacy", title="ឯកជនភាព", en={"title": "Privacy"})
    course = build_course(home, slug="a11y", lessons=2)
    learner = make_user("sokha", groups=["Learner"], actor_code="caf", area_code="05")
    enrol(learner, course.course)
    base = live_server.url
    pages = {
        "home": "/{lang}/",
        "course": None,
        "lesson with quiz": None,
        "my courses": "/{lang}/training/",
        "search": "/{lang}/search/?q=course",
        "verify": "/{lang}/training/verify/",
        "sign-up": "/{lang}/accounts/signup/",
    }
    found = {}
    for size, viewport in SIZES.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(f"{base}/km/accounts/login/")
        page.fill("#id_username", "sokha")
        page.fill("#id_password", PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        for lang in ("km", "en"):
            urls = dict(pages)
            urls["course"] = (course.course if lang == "km" else course.course_en).url
            lesson = course.lessons[-1]
            urls["lesson with quiz"] = (
                lesson if lang == "km" else lesson.get_translation(course.course_en.locale)
            ).url
            for name, path in urls.items():
                if name == "sign-up":
                    continue  # a logged-in learner is sent home; checked below, logged out
                page.goto(base + path.format(lang=lang))
                found[f"{size} {lang} {name}"] = serious(page, axe_source)
        page.screenshot(path=str(artifacts_dir / f"a11y-{size}-lesson.png"), full_page=True)
        context.close()
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for lang in ("km", "en"):
            page.goto(f"{base}/{lang}/accounts/signup/")
            found[f"{size} {lang} sign-up"] = serious(page, axe_source)
        context.close()
    assert {where: v for where, v in found.items() if v} == {}
