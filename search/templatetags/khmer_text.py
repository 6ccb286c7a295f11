"""Khmer text in templates: line breaks between words, found by the same segmenter the search
index uses (``search.text``), never by the browser's own guess (Chromium's Khmer line breaker
cuts compounds the index keeps whole, and ``overflow-wrap`` cuts inside words)."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from search.text import contains_khmer, normalise, segment

register = template.Library()


@register.filter(needs_autoescape=True)
def word_breaks(value, autoescape=True):
    """``value`` with each Khmer word in an unbreakable ``<span class="km-word">`` and a ``<wbr>``
    between two Khmer words: a line (a narrow table cell) breaks there or at a space, nowhere else.
    Escaped; a value with no Khmer is returned as it is."""
    text = "" if value is None else str(value)
    escape = conditional_escape if autoescape else str
    if not contains_khmer(text):
        return escape(text)
    out = []
    previous_khmer = False
    for piece in segment(normalise(text)):
        khmer = contains_khmer(piece)
        if khmer:
            out.append(
                format_html(
                    '{}<span class="km-word">{}</span>',
                    mark_safe("<wbr>") if previous_khmer else "",
                    piece,
                )
            )
        else:
            out.append(str(escape(piece)))
        previous_khmer = khmer
    return mark_safe("".join(map(str, out)))
