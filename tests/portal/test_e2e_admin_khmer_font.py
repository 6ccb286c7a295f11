"""Khmer in Wagtail's admin is drawn with the portal's Khmer font, wherever an editor meets it:
the page editor's title and rich text (Draftail), the page explorer, a chooser and the date
picker. Asked of Chromium itself (DevTools' CSS.getPlatformFontsForNode: the fonts it really
used for a node's text), not read off a stylesheet (issue 16: rich text showed □□□□)."""

import pytest

from knowledge_base.factories import GuidebookChapterPageFactory, GuidebookPageFactory
from portal.models import HomePage

pytestmark = pytest.mark.e2e
PASSWORD = "correct-horse-42"
KHMER_FONT = "Noto Sans Khmer"


def fonts_used(page, selector):
    """The font families Chromium used to draw the text of the first node matching selector."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, selector
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return {font["familyName"] for font in fonts}


def test_khmer_in_the_admin_uses_the_portal_font(live_site, browser, make_user):
    make_user("editor", is_superuser=True)
    home = HomePage.objects.get(locale__language_code="km")
    book, _ = GuidebookPageFactory.pair(parent=home, slug="guidebook", title="សៀវភៅណែនាំរួម")
    chapter, _ = GuidebookChapterPageFactory.pair(
        parent=book, slug="intro", title="សេចក្តីផ្តើម", intro="<p>គណនេយ្យភាពសង្គម</p>"
    )
    base = live_site.url
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{base}/admin/pages/{chapter.pk}/edit/")
    page.locator(".Draftail-Editor [data-contents] span[data-text]").first.wait_for()
    page.evaluate("document.fonts.ready")
    assert KHMER_FONT in fonts_used(page, ".Draftail-Editor [data-contents] span[data-text]")
    # A form control draws its text in the browser's own shadow tree, out of DevTools' reach:
    # its computed font list is asked instead.
    title_font = page.eval_on_selector("#id_title", "el => getComputedStyle(el).fontFamily")
    assert KHMER_FONT in title_font

    page.goto(f"{base}/admin/pages/{book.pk}/")
    page.evaluate("document.fonts.ready")
    assert KHMER_FONT in fonts_used(page, f"a[href$='/admin/pages/{chapter.pk}/edit/']")
