"""HTML to PDF with Khmer shaped correctly: WeasyPrint (Pango + HarfBuzz) and the portal's font.

Every PDF the portal makes (the guidebook, certificates) goes through ``render_pdf`` so they all
embed the same locally installed Noto Sans Khmer and wrap unspaced Khmer the same way.
"""

from django.template.loader import render_to_string
from weasyprint import CSS, HTML
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
