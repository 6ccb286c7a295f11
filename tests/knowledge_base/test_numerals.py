"""Dates on the knowledge base's pages in the digits of the language shown: Khmer digits on a
Khmer page, Arabic ones on an English page (one numeral system per page, portal.numerals)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def dates_shown(html):
    """The text of the page's <dd> and .meta elements, where its dates stand."""
    return " ".join(re.findall(r'<(?:dd|p class="meta")[^>]*>(.*?)</(?:dd|p)>', html, flags=re.S))


def test_lesson_and_exchange_dates_are_in_the_digits_of_the_language(
    client, make_lesson, make_exchange
):
    lesson_km, lesson_en = make_lesson("budget", "ថវិកា", "Budget")
    visit_km, visit_en = make_exchange("visit", "ទស្សនកិច្ច", "Visit")
    for km, en in ((lesson_km, lesson_en), (visit_km, visit_en), (lesson_km.get_parent(), None)):
        text = dates_shown(client.get(km.url).content.decode())
        assert "២០២៦" in text and not re.search(r"[0-9]", re.sub(r"<[^>]+>", "", text)), km.url
        if en is not None:
            assert "2026" in dates_shown(client.get(en.url).content.decode())


def test_the_guidebook_dates_are_in_khmer_digits_on_the_khmer_page(client, guidebook):
    import datetime

    book_km = guidebook["km"]
    book_km.effective_date = datetime.date(2026, 6, 3)
    book_km.save_revision().publish()
    text = re.sub(r"<[^>]+>", "", dates_shown(client.get(book_km.url).content.decode()))
    assert "៣ មិថុនា ២០២៦" in text
    assert not re.search(r"[0-9]", text)
