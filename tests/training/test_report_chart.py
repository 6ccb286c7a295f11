"""The report's bar charts: readable figures and labels, whatever the language."""

import re
import xml.etree.ElementTree as ET

from training.reports import bar_chart

SVG = "{http://www.w3.org/2000/svg}"
NARROWEST_PX = 448  # the chart's section in the report's grid is at least 28rem wide
KHMER_SIGNS = re.compile(r"[\u17b6-\u17d3\u17dd]")  # vowels and signs that follow a consonant
COENG = "\u17d2"  # joins the next consonant under this one


def chart(series):
    return ET.fromstring(bar_chart(series, title="Completion rate by place"))


def texts(svg):
    return [t for t in svg.iter(f"{SVG}text")]


def test_figures_fit_and_render_at_least_12px_at_the_narrowest_width():
    svg = chart([("Kampong Speu", 999, 999, 100), ("Kampot", 13, 7, 54)])
    view_width = float(svg.get("viewBox").split()[2])
    scale = NARROWEST_PX / view_width
    for text in texts(svg):
        assert float(text.get("font-size")) * scale >= 12
    figures = [t for t in texts(svg) if "%" in (t.text or "")]
    assert [t.text for t in figures] == ["100% (999/999)", "54% (7/13)"]
    for text in figures:
        # A digit is at most 0.62 em wide in the fonts the admin uses.
        width = len(text.text) * 0.62 * float(text.get("font-size"))
        assert float(text.get("x")) + width <= view_width


def test_a_long_khmer_label_is_cut_between_clusters():
    label = "អ្នកសម្របសម្រួលគណនេយ្យភាពសហគមន៍ " * 4
    shown = texts(chart([(label, 3, 1, 33)]))[0].text
    assert shown.endswith("…")
    kept = shown[:-1]
    assert label.startswith(kept)
    cut = len(kept)
    assert not kept.endswith(COENG)
    assert not KHMER_SIGNS.match(label[cut]) and label[cut - 1] != COENG


def test_a_long_label_with_markup_characters_stays_well_formed():
    label = "Health centre & school <primary> " * 5
    svg = chart([(label, 3, 1, 33)])  # parsing fails on a cut entity
    shown = texts(svg)[0].text
    assert label.startswith(shown[:-1]) and shown.endswith("…")
    assert svg.find(f"{SVG}rect/{SVG}title").text == f"{label}: 1/3"  # the full label on hover


def test_a_short_label_is_shown_whole():
    assert texts(chart([("ខេត្តកំពង់ស្ពឺ", 3, 1, 33)]))[0].text == "ខេត្តកំពង់ស្ពឺ"
