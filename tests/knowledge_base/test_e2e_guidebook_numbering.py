"""The guidebook's numbers appear once: the list markers a browser draws for an <ol> and the
numbers the pages carry ("1.", "1.1") must not both show (issue 16: "1. 1. សេចក្តីផ្តើម")."""

import pytest

# An item shows two numbers when the browser draws a numeric marker for it and its own text
# starts with a number too (Latin or Khmer digits).
DOUBLE_NUMBERED = """() => [...document.querySelectorAll('ol > li')]
  .filter(li => getComputedStyle(li).display === 'list-item'
             && getComputedStyle(li).listStyleType !== 'none'
             && /^[0-9០-៩]/.test(li.innerText.trim()))
  .map(li => li.innerText.trim().split('\\n')[0])"""

PAGES = [
    "/{lang}/guidebook/",
    "/{lang}/guidebook/chapter-1/",
    "/{lang}/guidebook/chapter-1/section-2/",
]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_guidebook_list_shows_each_number_once(
    transactional_db, live_server, browser, guidebook
):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    checked = 0
    for lang in ("km", "en"):
        for path in PAGES:
            url = live_server.url + path.format(lang=lang)
            assert page.goto(url).status == 200, url
            items = page.locator(".guidebook-toc li, .section-list li")
            assert items.count() > 0, url
            checked += items.count()
            assert page.evaluate(DOUBLE_NUMBERED) == [], url
            # …and the number is there once, from the page: "1. Introduction", "1.1 …"
            first = items.first.inner_text().strip()
            assert first.startswith("1. "), (url, first)
    assert checked > 20
