"""Under the Content-Security-Policy, in a real headless Chromium: Wagtail's page editor (rich
text, a page chooser, an inline panel, a date picker, the live preview), the public site (the
guidebook's print button, the search suggestions, the editor's user bar) and the completion
report's charts work, and the browser reports no violation of the policy."""

import pytest
from wagtail.models import Page

from knowledge_base.factories import (
    ExchangeIndexPageFactory,
    GuidebookChapterPageFactory,
    GuidebookPageFactory,
)
from portal.factories import StandardPageFactory
from portal.models import HomePage
from search.tasks import index_object
from tests.support.content_security_policy import new_watched_page, violations
from tests.training.conftest import build_course
from training.learning import enrol

pytestmark = pytest.mark.e2e
PASSWORD = "correct-horse-42"


def log_in_to_admin(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


def khmer_home():
    return HomePage.objects.get(locale__language_code="km")


def test_the_page_editor_works_under_the_policy(live_site, browser, make_user, artifacts_dir):
    make_user("editor", is_superuser=True)
    home = khmer_home()
    book, _ = GuidebookPageFactory.pair(parent=home, slug="guidebook", title="សៀវភៅណែនាំរួម")
    chapter, _ = GuidebookChapterPageFactory.pair(
        parent=book, slug="intro", title="សេចក្តីផ្តើម", intro="<p>ជំពូក</p>"
    )
    exchanges, _ = ExchangeIndexPageFactory.pair(parent=home, slug="exchanges", title="ការផ្លាស់ប្តូរ")
    base = live_site.url
    page, messages = new_watched_page(browser, viewport={"width": 1400, "height": 1000})
    log_in_to_admin(page, base, "editor")
    assert page.url.endswith("/admin/")

    # Rich text: type, then link the words to a page through the page chooser (Ctrl+K).
    page.goto(f"{base}/admin/pages/{chapter.pk}/edit/")
    editor = page.locator(".Draftail-Editor [contenteditable=true]").first
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type(" គណនេយ្យភាព")
    page.keyboard.press("Shift+Home")
    page.keyboard.press("Control+k")
    chooser = page.locator(".modal")
    chooser.locator("a.choose-page").first.wait_for()
    assert "ជ្រើសទំព័រ" in chooser.inner_text()  # "Choose a page": the admin is in Khmer
    chooser.locator("a.choose-page").first.click()
    page.locator(".Draftail-Editor .TooltipEntity").first.wait_for()

    # The live preview, in a frame of the admin.
    page.click("[data-side-panel-toggle='preview']")
    preview = page.frame_locator("iframe[src*='/preview/']")
    preview.locator(
        "main >> text=គណនេយ្យភាព"
    ).first.wait_for()  # the header's tagline is hidden on a narrow frame
    page.screenshot(path=str(artifacts_dir / "e2e-csp-page-editor.png"))

    page.locator("footer button[type=submit]", has_text="រក្សាទុកសេចក្តីព្រាង").click()
    page.wait_for_load_state()
    draft = Page.objects.get(pk=chapter.pk).get_latest_revision_as_object()
    assert "គណនេយ្យភាព" in draft.intro and 'linktype="page"' in draft.intro

    # An inline panel adds a form; the date picker and a snippet chooser open.
    page.goto(f"{base}/admin/pages/add/knowledge_base/exchangevisitpage/{exchanges.pk}/")
    page.click("#id_visitors-ADD")
    page.locator("#id_visitors-0-area").wait_for(state="attached")
    page.click("#id_start_date")
    page.locator(".xdsoft_datetimepicker:visible").first.wait_for()
    page.keyboard.press("Escape")
    page.locator("#inline_child_visitors-0 button", has_text="ជ្រើស").first.click()
    page.locator(".modal a[data-chooser-modal-choice], .modal .nice-padding").first.wait_for()
    page.screenshot(path=str(artifacts_dir / "e2e-csp-inline-panel.png"))

    assert violations(messages) == []
    page.context.close()


def test_the_public_site_works_under_the_policy(live_site, browser, make_user, artifacts_dir):
    make_user("editor", is_superuser=True)
    home = khmer_home()
    GuidebookPageFactory.pair(parent=home, slug="guidebook", title="សៀវភៅណែនាំរួម")
    about, _ = StandardPageFactory.pair(parent=home, slug="about", title="គណនេយ្យភាពសង្គម")
    index_object(about)  # as the worker would, once the transaction commits
    base = live_site.url
    page, messages = new_watched_page(browser)
    page.add_init_script("window.print = () => { window.printed = true; };")

    page.goto(f"{base}/km/guidebook/")
    page.click("button[data-print]")  # hidden unless its script ran
    assert page.evaluate("window.printed") is True

    page.goto(f"{base}/km/search/")
    page.fill("input[data-suggest-url]", "គណនេ")
    suggestion = page.locator("[role=option] a", has_text="គណនេយ្យភាពសង្គម")
    suggestion.wait_for()
    page.screenshot(path=str(artifacts_dir / "e2e-csp-search-suggestions.png"))

    # An editor gets a plain link to edit the page on the site (Wagtail's user bar, 1.2 MB of
    # admin scripts, only in the admin's preview), and it leads to the page editor.
    log_in_to_admin(page, base, "editor")
    page.goto(f"{base}/km/")
    assert page.locator("wagtail-userbar").count() == 0
    page.click(".editor-bar a")
    page.wait_for_url(f"{base}/admin/pages/{home.pk}/edit/")

    assert violations(messages) == []
    page.context.close()


def test_the_completion_report_charts_work_under_the_policy(
    live_site, browser, make_user, artifacts_dir
):
    make_user("editor", is_superuser=True)
    home = (khmer_home(), None)
    course = build_course(home, slug="report", with_quiz=False, lessons=1).course
    for name, area in (("dara", "05"), ("sokha", "17")):
        enrol(make_user(name, groups=["Learner"], actor_code="caf", area_code=area), course)
    base = live_site.url
    page, messages = new_watched_page(browser, viewport={"width": 1400, "height": 1000})
    log_in_to_admin(page, base, "editor")

    page.goto(f"{base}/admin/training/report/")
    charts = page.locator("svg.report-chart")
    assert charts.count() == 2
    assert charts.first.bounding_box()["width"] > 300  # laid out by the report's stylesheet
    page.select_option("select[name=course]", str(course.pk))
    page.click("form.report-filters button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=report-table] tbody tr").count() == 2
    page.screenshot(path=str(artifacts_dir / "e2e-csp-report.png"), full_page=True)

    assert violations(messages) == []
    page.context.close()
