"""HTML to PDF with Khmer shaped correctly: WeasyPrint (Pango + HarfBuzz) and the portal's font.

Every PDF the portal makes (the guidebook, certificates) goes through ``render_pdf`` so they all
embed the same locally installed Noto Sans Khmer and wrap unspaced Khmer the same way.
"""

import re
from functools import wraps

import pydyf
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.draw import text as weasyprint_text
from weasyprint.text.fonts import FontConfiguration

from .fonts import KHMER_FONT_FAMILY, khmer_font_file

BASE_CSS = f"""
@font-face {{
  font-family: "{KHMER_FONT_FAMILY}";
  src: url("{khmer_font_file().as_uri()}");
}}
html {{ font-family: "{KHMER_FONT_FAMILY}", sans-serif; line-height: 1.8; }}
/* Khmer has no spaces between words: allow a break anywhere rather than overflow the page. */
body {{ overflow-wrap: anywhere; }}
"""


def render_pdf(template_name: str, context: dict, *, base_url: str | None = None) -> bytes:
    """Render a Django template to PDF bytes with the Khmer font available to it."""
    return html_to_pdf(render_to_string(template_name, context), base_url=base_url)


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    fonts = FontConfiguration()
    return HTML(string=html, base_url=base_url).write_pdf(
        stylesheets=[CSS(string=BASE_CSS, font_config=fonts)], font_config=fonts
    )


# --- The text layer: Khmer that copies out as it was written --------------------------------
#
# WeasyPrint maps each glyph to text in the font's ToUnicode table, once per glyph, from the
# first cluster that uses it. Khmer shaping breaks that: a cluster is several glyphs (a subscript
# consonant, a pre-base vowel drawn before its consonant), and one glyph serves many clusters, so
# text copied or searched in the PDF came out with glyphs in visual order, letters lost and
# stray symbols ("ត្រវបានេ\x83D ូ" for "ត្រូវបាន"). PDF's answer for shaped scripts is the
# /ActualText of a marked-content span (ISO 32000-1, 14.9.4): viewers and extractors (PDFium,
# poppler, Acrobat) take the span's text instead of the glyphs'. Each line of text that holds
# Khmer is drawn inside such a span holding the line's own text; lines without Khmer are left as
# WeasyPrint draws them. WeasyPrint has no hook for this, so its line-drawing function is
# wrapped (weasyprint==70.0, pinned; tests/portal/test_pdf_text_layer.py fails if an upgrade
# loses it). Invisible word breaks (U+200B, put in headings so they wrap between words) are
# left out of the copied text.

KHMER = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]")
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"), None)


def _with_actual_text(draw_first_line):
    if getattr(draw_first_line, "adds_actual_text", False):
        return draw_first_line

    @wraps(draw_first_line)
    def draw_line_with_its_text(stream, textbox, *args, **kwargs):
        text = textbox.pango_layout.text or ""
        if not KHMER.search(text):
            return draw_first_line(stream, textbox, *args, **kwargs)
        actual = pydyf.String(text.translate(INVISIBLE))
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": actual}))
        try:
            return draw_first_line(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    draw_line_with_its_text.adds_actual_text = True
    return draw_line_with_its_text


weasyprint_text.draw_first_line = _with_actual_text(weasyprint_text.draw_first_line)
