"""A learner on a phone (390×844, a real headless Chromium) finds a session in the training
calendar, filtered by province, registers, and sees their place; the last place taken, the
next learner is offered the waiting list. The screenshot is kept in artifacts/."""

import datetime

import pytest
from django.utils import timezone

from tests.support.browser import log_in
from training.factories import TrainingSessionFactory
from training.models import CompletionRule, SessionRegistration

from .conftest import build_course


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_learner_registers_on_a_phone(
    transactional_db, live_server, browser, home, make_user, artifacts_dir
):
    course = build_course(home, slug="f2f", rule=CompletionRule.ATTENDANCE, with_quiz=False)
    session = TrainingSessionFactory(
        course=course.course,
        area_code="05",
        places=1,
        date=timezone.localdate() + datetime.timedelta(days=3),
    )
    TrainingSessionFactory(course=course.course, area_code="17")
    make_user("sokha", groups=["Learner"], area_code="05")
    make_user("dara", groups=["Learner"], area_code="05")
    base = live_server.url
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(30_000)

    page.goto(f"{base}/km/training/calendar/")
    assert page.locator("[data-testid=sessions] > li").count() == 2
    # On a phone the filters are folded behind one button.
    page.click(".filter-panel > summary")
    page.select_option("#id_province", "05")
    page.click(".calendar-filters button[type=submit]")
    assert page.locator("[data-testid=sessions] > li").count() == 1
    assert page.locator("[data-testid=feed-link]").get_attribute("href").endswith("/05.ics")

    log_in(page, base, "sokha")
    page.goto(f"{base}/km/training/calendar/?province=05")
    page.click(f"#session-{session.pk} button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=my-registrations]").is_visible()
    assert SessionRegistration.objects.get().status == "place"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the phone
    page.screenshot(path=str(artifacts_dir / "calendar-phone.png"))

    page.context.clear_cookies()
    log_in(page, base, "dara")
    page.goto(f"{base}/en/training/calendar/?province=05")
    button = page.locator(f"#session-{session.pk} button[type=submit]")
    assert button.inner_text() == "Join the waiting list"
    button.click()
    page.wait_for_load_state()
    assert "On the waiting list: number 1" in page.content()
    context.close()
