"""On a phone-sized screen (390×844) in a real headless Chromium: a compact header whose menu folds
behind one button, a search box on every page, the lesson list's filters folded after the results'
count, Khmer in a narrow table cell never cut inside a word."""

import pytest

from search.templatetags.khmer_text import word_breaks
from search.text import normalise, word_spans

pytestmark = [
    pytest.mark.e2e,
    # A flush after another transactional test would drop the seeded vocabulary and root page.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


def test_a_phone_gets_a_compact_header_a_search_box_and_folded_filters(
    transactional_db, live_server, browser, home, make_lesson, artifacts_dir
):
    for n in range(3):
        make_lesson(f"lesson-{n}", f"មេរៀនទី{n} អំពីការវាយតម្លៃ", sector="health")
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()

    page.goto(f"{base}/km/lessons/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 0.2 * PHONE["height"]
    # The menu is folded; one tap opens it, and the sections are there.
    assert not page.locator(".main-nav").is_visible()
    page.click(".site-menu > summary")
    assert page.locator(".main-nav a").first.is_visible()
    page.click(".site-menu > summary")
    # Search from any page.
    assert page.locator(".site-header input[type=search]").is_visible()
    # The filters fold behind one button; the first result is on the first screen.
    assert not page.locator("select[name=sector]").is_visible()
    first = page.locator(".result h2").first.bounding_box()
    assert first["y"] + first["height"] < PHONE["height"]
    page.screenshot(path=str(artifacts_dir / "phone-lessons.png"))
    page.click(".filter-panel > summary")
    assert page.locator("select[name=sector]").is_visible()

    page.fill(".site-header input[type=search]", "វាយតម្លៃ")
    page.press(".site-header input[type=search]", "Enter")
    page.wait_for_url("**/search/?q=*")

    # A wide screen shows the menu and the filters open, without a button to press.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/km/lessons/")
    assert page.locator(".main-nav").is_visible()
    assert not page.locator(".site-menu > summary").is_visible()
    assert page.locator("select[name=sector]").is_visible()
    context.close()


def test_khmer_in_a_narrow_table_cell_breaks_between_words_only(
    transactional_db, live_server, browser, home
):
    words = ["កាលបរិច្ឆេទ", "ចុះឈ្មោះ", "ផ្ទៀងផ្ទាត់"]
    text = "".join(words)
    between_words = set()
    for start, end in word_spans(normalise(text)):
        between_words |= {start, end}
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(f"{live_server.url}/km/")
    page.evaluate("document.fonts.ready")
    # A cell as narrow as a phone's date column, as a table block renders it (the word_breaks
    # filter), under the portal's own stylesheet: on which line does each character land?
    tops = page.evaluate(
        """([text, html]) => {
          const table = document.createElement('table');
          table.style.width = '3rem';
          const row = table.insertRow();
          const cell = document.createElement('th');
          cell.innerHTML = html;
          row.append(cell, document.createElement('td'));
          document.querySelector('main').append(table);
          const range = document.createRange(), tops = [];
          const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          for (let node = walk.nextNode(); node; node = walk.nextNode()) {
            for (let i = 0; i < node.length; i++) {
              range.setStart(node, i); range.setEnd(node, i + 1);
              tops.push(Math.round(range.getClientRects()[0].top));
            }
          }
          return tops;
        }""",
        [text, str(word_breaks(text))],
    )
    breaks = {i for i in range(1, len(text)) if tops[i] != tops[i - 1]}
    assert breaks, "the cell is narrower than the text: it must wrap somewhere"
    # Only between words, never inside one (the bug was កាលបរិច្ឆេ|ទ).
    assert breaks <= between_words, [
        text[max(0, i - 3) : i] + "|" + text[i : i + 3] for i in breaks
    ]
