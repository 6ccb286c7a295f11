"""End to end in a real headless Chromium: Khmer first, in the portal's own font, then English."""

import pytest

pytestmark = pytest.mark.e2e


def test_visitor_reads_khmer_in_the_portal_font_and_switches_to_english(
    live_site, browser, artifacts_dir
):
    page = browser.new_page()
    font_responses = []
    external_requests = []
    page.on(
        "response",
        lambda r: font_responses.append(r) if "NotoSansKhmer-Khmer" in r.url else None,
    )
    page.on(
        "request",
        lambda r: (
            external_requests.append(r.url)
            if not r.url.startswith(live_site.url) and not r.url.startswith("data:")
            else None
        ),
    )
    page.goto(f"{live_site.url}/km/")
    page.wait_for_load_state("networkidle")

    assert page.locator("html").get_attribute("lang") == "km"
    assert page.locator("h1").inner_text() == "ទំព័រដើម"
    # The Khmer font came from the portal itself and the page is set in it.
    assert [r.status for r in font_responses] == [200]
    assert page.evaluate(
        "document.fonts.ready.then(() => [...document.fonts].some("
        "f => f.family.includes('Noto Sans Khmer') && f.status === 'loaded'))"
    )
    assert "Noto Sans Khmer" in page.evaluate(
        "getComputedStyle(document.querySelector('h1')).fontFamily"
    )
    assert external_requests == []
    page.screenshot(path=str(artifacts_dir / "e2e-home-km.png"), full_page=True)

    page.click("a[data-language='en']")
    page.wait_for_url(f"{live_site.url}/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Home"
    page.screenshot(path=str(artifacts_dir / "e2e-home-en.png"), full_page=True)
    page.close()
