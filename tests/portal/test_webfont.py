"""The Khmer web font is a small WOFF2 subset that keeps Khmer shaping, loaded only where Khmer is
shown; Wagtail's user bar stays off public pages."""

import io

import pytest
from django.contrib.staticfiles import finders
from fontTools.ttLib import TTFont

from portal.infrastructure.fonts import KHMER_WEBFONT_STATIC_PATH, khmer_font_file

pytestmark = pytest.mark.django_db


def webfont():
    with open(finders.find(KHMER_WEBFONT_STATIC_PATH), "rb") as data:
        raw = data.read()
    return raw, TTFont(io.BytesIO(raw))


def test_the_web_font_is_a_woff2_subset_a_tenth_of_the_full_font():
    raw, font = webfont()
    assert raw[:4] == b"wOF2"
    assert len(raw) < khmer_font_file().stat().st_size / 10
    cmap = font.getBestCmap()
    assert all(code in cmap for code in (0x1780, 0x17D2, 0x17B6, 0x17C1, 0x17E0, 0x25CC))
    assert ord("A") not in cmap  # Latin is left to the phone's fonts
    # Shaping tables kept: the coeng (subscript) and pre-base vowel lookups live in them.
    assert {"GSUB", "GPOS", "GDEF"} <= set(font.keys())
    features = {r.FeatureTag for r in font["GSUB"].table.FeatureList.FeatureRecord}
    assert {"pref", "blwf", "abvs", "pstf"} <= features
    axes = {axis.axisTag: (axis.minValue, axis.maxValue) for axis in font["fvar"].axes}
    assert axes == {"wght": (400, 700)}


def test_the_font_is_preloaded_on_khmer_pages_only(home, client):
    km = client.get("/km/").content.decode()
    en = client.get("/en/").content.decode()
    assert 'rel="preload"' in km and "NotoSansKhmer-Khmer.woff2" in km
    assert "NotoSansKhmer" not in en
    css = open(finders.find("css/portal.css")).read()
    assert "unicode-range: U+1780-17FF" in css and 'local("Noto Sans Khmer")' in css
    assert ".ttf" not in css


def test_an_editor_on_the_site_gets_an_edit_link_not_the_admin_scripts(home, client, make_user):
    km, _en = home
    client.force_login(make_user("editor", is_superuser=True))
    body = client.get("/km/").content.decode()
    assert "wagtail-userbar" not in body and "userbar.js" not in body
    assert f'href="/admin/pages/{km.pk}/edit/"' in body

    client.force_login(make_user("learner", groups=["Learner"]))
    assert "/admin/pages/" not in client.get("/km/").content.decode()
