"""A contributor shares a good practice with a photo on the site, a reviewer approves it in the
Wagtail admin, and it appears on the public lesson index: in a real headless Chromium."""

import pytest
from PIL import Image

from knowledge_base.models import LessonPage
from portal import roles
from tests.support.browser import log_in


@pytest.mark.e2e
# A flush after another transactional test would drop the seeded vocabulary and root page.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_contributor_shares_reviewer_approves_visitor_reads(
    transactional_db,
    live_server,
    browser,
    home,
    lesson_index,
    make_user,
    artifacts_dir,
    tmp_path,
):
    make_user("dara", groups=[roles.CONTRIBUTOR])
    make_user("sophea", groups=[roles.REVIEWER])
    photo = tmp_path / "meeting.jpg"
    Image.new("RGB", (320, 200), (30, 90, 160)).save(photo, "JPEG")
    base = live_server.url

    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    log_in(page, base, "dara")
    page.goto(f"{base}/km/knowledge/share/")
    page.fill("#id_title", "ការបិទផ្សាយថវិកាឃុំនៅសាលាឃុំ")
    page.fill("#id_summary", "ឃុំបានបិទផ្សាយថវិកា និងគម្រោងនៅសាលាឃុំ ដើម្បីឱ្យប្រជាពលរដ្ឋដឹង។")
    page.fill("#id_what_was_done", "ក្រុមប្រឹក្សាឃុំបានរៀបចំក្តារព័ត៌មាន។")
    page.select_option("#id_sector", "commune-administration")
    page.check("input[name=strategies][value]:first-of-type")
    page.set_input_files("#id_photo", str(photo))
    page.fill("#id_photo_caption", "ក្តារព័ត៌មានឃុំ")
    page.click("form.share-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".message-success").count() == 1
    assert page.locator(".submissions").inner_text().count("ការបិទផ្សាយថវិកាឃុំនៅសាលាឃុំ") == 1
    page.screenshot(path=str(artifacts_dir / "e2e-share-submitted.png"), full_page=True)
    lesson = LessonPage.objects.get()
    assert lesson.workflow_in_progress and not lesson.live
    context.close()

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    log_in(page, base, "sophea")
    page.goto(f"{base}/admin/pages/{lesson.pk}/edit/")
    page.wait_for_load_state()
    # The footer action menu (labels follow the admin language): open it and approve.
    approve = page.locator(
        "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    )
    if not approve.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.screenshot(path=str(artifacts_dir / "e2e-share-reviewer-admin.png"))
    with page.expect_navigation():
        approve.click()
    lesson.refresh_from_db()
    assert lesson.live
    context.close()

    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/km/lessons/")
    assert page.get_by_role("link", name="ការបិទផ្សាយថវិកាឃុំនៅសាលាឃុំ").is_visible()
    page.get_by_role("link", name="ការបិទផ្សាយថវិកាឃុំនៅសាលាឃុំ").click()
    page.wait_for_load_state()
    assert page.locator("figure img").count() == 1
    page.goto(f"{base}/km/lessons/")
    page.screenshot(path=str(artifacts_dir / "e2e-share-approved-on-index.png"), full_page=True)
    context.close()
