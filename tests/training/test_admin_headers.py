"""The training admin screens name themselves in the admin's header, in the admin's language."""

import re
from html import unescape

import pytest

from .conftest import admin_in

pytestmark = pytest.mark.django_db


def header_title(html):
    """The last item of the header's breadcrumbs: what the slim header shows as the page."""
    nav = re.search(r'<nav[^>]*aria-label="[^"]*"[^>]*>(.*?)</nav>', html, re.S).group(1)
    items = re.findall(r"<li\b[^>]*>(.*?)</li>", nav, re.S)
    return unescape(re.sub(r"<[^>]+>|\s+", " ", items[-1])).strip()


@pytest.mark.parametrize(
    "url,language,title",
    [
        ("/admin/training/report/", "en", "Course completion"),
        ("/admin/training/report/", "km", "ការបញ្ចប់វគ្គសិក្សា"),
        ("/admin/training/cohort/", "en", "Enrol a cohort"),
    ],
)
def test_the_header_names_the_screen(client, home, make_user, url, language, title):
    client.force_login(admin_in(make_user("nat", groups=["National staff"]), language))
    html = client.get(url).content.decode()
    assert header_title(html) == title
