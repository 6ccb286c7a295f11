"""A guidebook in Markdown (CommonMark and GFM tables), read into chapters and sections by the
guidebook importer's builder (knowledge_base.guidebook_import, where the structure is
described); docx_import.py does the same for Word files."""

import html
import re

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from .guidebook_import import ImportRefused, ParsedGuidebook, _Builder

RICH_TEXT_TAGS = [(re.compile(r"<(/?)strong>"), r"<\1b>"), (re.compile(r"<(/?)em>"), r"<\1i>")]


def _rich_text(fragment):
    for pattern, replacement in RICH_TEXT_TAGS:
        fragment = pattern.sub(replacement, fragment)
    fragment = re.sub(r"<hr\s*/?>", "", fragment)
    fragment = re.sub(r"<img[^>]*>", "", fragment)
    return re.sub(r"<(/?)h[5-6]>", r"<\1h4>", fragment).replace("\n", "")


def decode_text(data):
    if not data.strip():
        raise ImportRefused(_("The file is empty."))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRefused(
            _("The file is not valid UTF-8 (byte %(byte)s).") % {"byte": error.start + 1}, line
        ) from error
    return text.lstrip("\ufeff")


def parse_markdown(data: bytes) -> ParsedGuidebook:
    """Markdown (CommonMark and GFM tables) to chapters and sections."""
    from markdown_it import MarkdownIt

    text = decode_text(data)
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = md.parse(text)
    builder = _Builder()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        line = token.map[0] + 1 if token.map else None
        if token.type == "heading_open" and token.tag in ("h1", "h2"):
            heading_text = tokens[i + 1].content
            (builder.chapter if token.tag == "h1" else builder.section)(heading_text, line)
            i += 3
            continue
        if token.type == "table_open":
            end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
            rows, row = [], None
            for cell in tokens[i:end]:
                if cell.type == "tr_open":
                    row = []
                    rows.append(row)
                elif cell.type == "inline" and row is not None:
                    rendered = md.renderer.renderInline(cell.children, md.options, {})
                    row.append(html.unescape(strip_tags(rendered)).strip())
            builder.add_table(rows)
            i = end + 1
            continue
        # Any other top-level block: render it (and its children) as rich text.
        depth, j = token.nesting, i + 1
        while depth > 0 and j < len(tokens):
            depth += tokens[j].nesting
            j += 1
        builder.add_html(_rich_text(md.renderer.render(tokens[i:j], md.options, {})))
        i = j
    return builder.result()
