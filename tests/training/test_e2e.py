"""A learner, in a real headless Chromium: registers, enrols, reads, fails and passes the quiz,
sees 100 %, downloads the certificate, and the verification page confirms its code."""

import pytest

from training.models import Certificate

from .conftest import build_course


@pytest.mark.e2e
@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_learner_journey_to_a_verified_certificate(
    request, live_server, celery_worker, home, artifacts_dir
):
    c = build_course(home, slug="e2e", lessons=2)
    # Asked for here, not in the signature: the session-scoped browser started before the
    # database fixtures stops the serialized rollback from restoring Wagtail's root page when
    # another transactional test ran first.
    browser = request.getfixturevalue("browser")
    page = browser.new_page()
    page.set_default_timeout(30_000)
    base = live_server.url

    page.goto(f"{base}/en/accounts/signup/")
    page.fill("input[name=username]", "newlearner")
    page.fill("input[name=first_name]", "Sophal")
    page.fill("input[name=last_name]", "Noun")
    page.fill("input[name=email]", "sophal@example.org")
    page.select_option("select[name=actor_type]", index=16)
    page.select_option("select[name=gender]", "female")
    page.fill("input[name=password1]", "a-long-Password-2026")
    page.fill("input[name=password2]", "a-long-Password-2026")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()

    page.goto(base + c.course_en.url)
    page.click("[data-testid=enrol]")
    page.click("[data-testid=start]")  # nothing started yet: "start", not "continue"
    page.click("[data-testid=complete]")  # lesson 0 → lesson 1
    page.click("[data-testid=complete]")  # lesson 1 read; back to the course
    page.click("[data-testid=continue]")  # the last lesson, which holds the quiz

    quiz = c.quiz.question_list()
    # first attempt: the first question wrong
    for i, q in enumerate(quiz):
        choice = next(ch for ch in q["choices"] if ch["correct"] == (i > 0))
        page.check(f"input[value='{choice['id']}']")
    page.click("[data-testid=submit-quiz]")
    assert page.locator("[data-testid=feedback]").is_visible()
    for q in quiz:
        choice = next(ch for ch in q["choices"] if ch["correct"])
        page.check(f"input[value='{choice['id']}']")
    page.click("[data-testid=submit-quiz]")
    assert page.locator("[data-testid=quiz-passed]").is_visible()

    page.goto(base + c.course_en.url)
    assert page.locator("[data-testid=percent]").inner_text() == "100%"

    # The certificate is made by the Celery worker; the dashboard shows it when ready.
    for _ in range(60):
        page.goto(f"{base}/en/training/")
        if page.locator("[data-testid=certificate-download]").count():
            break
        page.wait_for_timeout(1000)
    page.screenshot(path=str(artifacts_dir / "training-dashboard.png"), full_page=True)
    with page.expect_download() as download_info:
        page.click("[data-testid=certificate-download]")
    download = download_info.value
    pdf_path = artifacts_dir / "training-e2e-certificate.pdf"
    download.save_as(str(pdf_path))
    assert pdf_path.read_bytes().startswith(b"%PDF")

    code = Certificate.objects.get(completion__enrolment__user__username="newlearner").code
    page.context.clear_cookies()
    page.goto(f"{base}/en/training/verify/?code={code}")
    assert page.locator("[data-testid=verified]").is_visible()
    assert code in page.locator("[data-testid=verified]").inner_text()
    page.screenshot(path=str(artifacts_dir / "training-verify.png"), full_page=True)
    page.close()
