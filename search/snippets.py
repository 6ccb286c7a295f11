"""Snippets with the matched words highlighted, built in Python from the page's own text.

modelsearch has no highlighter; the stored text is the page's fields, so the snippet is cut
from them around the first matched word. Khmer words are found inside unspaced phrases because
the query words are already segmented by ``search.text``.
"""

import re

from django.utils.html import escape, strip_tags
from wagtail.search import index

from . import text

WINDOW = 90  # characters either side of the first match


def page_text(page):
    """The searchable text of a page (every SearchField but the title), normalised."""
    parts = []
    for field in page.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name != "title":
            try:
                value = index.SearchField.get_value(field, page)
            except Exception:  # noqa: BLE001 - a broken field must not break the results page
                continue
            parts.extend(_flatten(value))
    return text.normalise(" ".join(strip_tags(part) for part in parts if part))


def _flatten(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [item for sub in value for item in _flatten(sub)]
    if isinstance(value, dict):
        return _flatten(list(value.values()))
    return [str(value)]


def _pattern(words):
    stems = set()
    for word in words:
        stems.add(word)
        if not text.contains_khmer(word) and len(word) > 3 and word.lower().endswith("s"):
            stems.add(word[:-1])  # "CAFs" also highlights "CAF"
    if not stems:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(stems, key=len, reverse=True))
    return re.compile(alternatives, re.IGNORECASE)


def highlight(source, words, window=WINDOW):
    """Return an HTML snippet of ``source`` around the first match, matches in ``<mark>``.

    Everything but the ``<mark>`` tags is escaped. Without a match, the start of the text.
    """
    source = re.sub(r"\s+", " ", source or "").strip()
    pattern = _pattern(words)
    first = pattern.search(source) if pattern else None
    start = max(0, first.start() - window) if first else 0
    end = min(len(source), (first.end() if first else 0) + window * (1 if first else 2))
    excerpt = source[start:end]
    pieces, position = [], 0
    for match in pattern.finditer(excerpt) if pattern else []:
        pieces.append(escape(excerpt[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(excerpt[position:]))
    html = "".join(pieces)
    return ("…" if start > 0 else "") + html + ("…" if end < len(source) else "")
