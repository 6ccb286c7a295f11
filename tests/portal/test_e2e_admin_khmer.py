"""The Wagtail admin drawn in a browser speaks Khmer: what its scripts render (the side menu, the
StreamField's buttons, comments) comes from the djangojs catalogue, the rest from django.po
(issue 16). Screenshots of the page editor land in artifacts/."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from portal import roles
from portal.factories import StandardPageFactory
from portal.models import HomePage

pytestmark = pytest.mark.e2e
PASSWORD = "correct-horse-42"


def test_an_editor_works_in_a_khmer_admin(live_site, browser, make_user, artifacts_dir):
    home = HomePage.objects.get(locale__language_code="km")
    editors = Group.objects.get(name=roles.EDITOR)
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=editors, page=home, permission=Permission.objects.get(codename=codename)
        )
    make_user("editor", groups=[roles.EDITOR])
    about = StandardPageFactory(parent=home, slug="about-admin", title="អំពីកម្មវិធី")

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{live_site.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{live_site.url}/admin/pages/{about.pk}/edit/")
    main_menu = page.locator("#wagtail-sidebar nav.sidebar-main-menu")
    main_menu.wait_for()
    menu = page.locator("#wagtail-sidebar").inner_text()
    # Labels from django.po (the menu's items) and djangojs.po (the sidebar's own words).
    assert "ជំនួយ" in menu and "Help" not in menu
    assert main_menu.get_attribute("aria-label") == "ម៉ឺនុយចម្បង"
    editor = page.locator("main").first.inner_text()
    assert "រក្សាទុកសេចក្តីព្រាង" in editor and "Save draft" not in editor
    page.evaluate("document.fonts.ready")
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts_dir / "admin-km-page-editor.png"))

    page.goto(f"{live_site.url}/admin/pages/{home.pk}/")
    listing = page.locator("main").first
    listing.wait_for()
    text = listing.inner_text()
    # The explorer's headings, and "x minutes ago" (Django's strings, in the project catalogue).
    assert "កំពុងរុករក" in text and "Exploring" not in text
    assert "បានធ្វើបច្ចុប្បន្នភាព" in text and "Updated" not in text
    assert "នាទី មុន" in text and "minutes" not in text
    page.evaluate("document.fonts.ready")
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts_dir / "admin-km-explorer.png"))
