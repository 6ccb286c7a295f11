"""An editor follows the translations in a browser: the translation status view in Khmer, and
the warning on an out-of-date translation in wagtail-localize's editor (issue 16). Screenshots
land in artifacts/."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from portal import roles
from portal.factories import StandardPageFactory
from portal.models import HomePage
from portal.translations.tracking import track_all

pytestmark = pytest.mark.e2e
PASSWORD = "correct-horse-42"


def test_an_editor_sees_what_needs_translating(live_site, browser, make_user, artifacts_dir):
    home = HomePage.objects.get(locale__language_code="km")
    editors = Group.objects.get(name=roles.EDITOR)
    for tree in HomePage.objects.all():  # the Khmer and the English home page
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.get_or_create(
                group=editors, page=tree, permission=Permission.objects.get(codename=codename)
            )
    make_user("editor", groups=[roles.EDITOR])
    book = StandardPageFactory(parent=home, slug="handbook", title="សៀវភៅ", en={"title": "Book"})
    jaap = StandardPageFactory(
        parent=book,
        slug="jaap",
        title="ផ.ស.រ.គ.",
        intro="CAF ជួយរៀបចំ ផ.ស.រ.គ.",
        en={"title": "JAAP", "intro": "The CAF helps draw up the JAAP"},
    )
    StandardPageFactory(parent=book, slug="only-khmer", title="តែខ្មែរ")
    track_all(book)
    jaap.intro = "អត្ថបទថ្មី"
    jaap.save_revision().publish()

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{live_site.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{live_site.url}/admin/translations/?section={book.pk}")
    counts = page.get_by_test_id("translation-counts").inner_text()
    assert "មិនទាន់មាន: 1" in counts and "មិនទាន់សម័យ: 1" in counts and "ទាន់សម័យ: 1" in counts
    rows = page.get_by_test_id("translation-status").inner_text()
    assert "តែខ្មែរ" in rows and "JAAP" in rows
    page.get_by_test_id("glossary").locator("summary").click()
    assert "JAAP (Joint Accountability Action Plan)" in page.get_by_test_id("glossary").inner_text()
    page.evaluate("document.fonts.ready")
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts_dir / "admin-translation-status.png"), full_page=True)

    page.select_option("select[name=status]", "outdated")
    page.click("form.translation-filters button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=translation-status] tbody tr").count() == 1

    # The English page opens in wagtail-localize's editor, with the warning.
    english = jaap.get_translation(jaap.get_translations().first().locale)
    page.goto(f"{live_site.url}/admin/pages/{english.pk}/edit/")
    message = page.locator(".messages").inner_text()
    assert "ការបកប្រែនេះមិនទាន់សម័យទេ" in message
    page.evaluate("document.fonts.ready")
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts_dir / "admin-translation-out-of-date.png"))
