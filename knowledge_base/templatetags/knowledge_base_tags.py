import re
import unicodedata

from django import template
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portal.infrastructure import wagtail_lookups

register = template.Library()

HEADING = re.compile(r"<(h[2-4])(\s[^>]*)?>(.*?)</\1>", re.DOTALL | re.IGNORECASE)


def heading_id(text):
    """An id made of the heading's letters, marks and digits, so Khmer headings keep theirs."""
    text = unicodedata.normalize("NFC", strip_tags(text)).strip().lower()
    kept = "".join(ch if unicodedata.category(ch)[0] in "LMN" else "-" for ch in text)
    return re.sub(r"-{2,}", "-", kept).strip("-")[:80] or "section"


@register.filter(is_safe=True)
def anchor_headings(html):
    """Give every h2–h4 an id (unique on the page) and a visible link to itself."""
    seen = {}

    def replace(match):
        tag, attrs, inner = match.group(1), match.group(2) or "", match.group(3)
        existing = re.search(r'\bid="([^"]+)"', attrs)
        anchor = existing.group(1) if existing else heading_id(inner)
        count = seen.get(anchor, 0)
        seen[anchor] = count + 1
        if count and not existing:
            anchor = f"{anchor}-{count + 1}"
        if not existing:
            attrs = f'{attrs} id="{anchor}"'
        label = _("Link to this heading")
        link = f'<a class="heading-anchor" href="#{anchor}" aria-label="{label}">#</a>'

        return f"<{tag}{attrs}>{inner} {link}</{tag}>"

    return mark_safe(HEADING.sub(replace, str(html)))


@register.inclusion_tag("knowledge_base/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    # Titles and URLs only: the base Page rows, read with the page's route (one query where the
    # page was not routed; .specific() added one per page type).
    request = context.get("request")
    return {"ancestors": wagtail_lookups.ancestors(request, page), "page": page, "request": request}


@register.filter
def file_uri(path):
    """A local file path as a file:// URI, for WeasyPrint."""
    from pathlib import Path

    return Path(path).as_uri()


KHMER_LETTER = re.compile(r"[\u1780-\u17ff]")


@register.filter
def khmer_line_breaks(text):
    """Put a zero-width space at each ICU line-break opportunity of a Khmer phrase, so a PDF
    heading wraps between words instead of between two clusters of one word."""
    text = str(text)
    if not KHMER_LETTER.search(text):
        return text
    from icu4py.breakers import LineBreaker
    from icu4py.locale import Locale

    return "\u200b".join(LineBreaker(text, Locale("km")))
