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


KHMER_WORD = r"[\u1780-\u17FF\u19E0-\u19FF]"
# A match must not cut a Khmer cluster: no subscript sign or dependent vowel/sign just inside
# either end, and no subscript sign just before it or mark just after it.
MARK = "[\u17b6-\u17d3\u17dd]"


def _phrases(query):
    """What to highlight for ``query`` (as typed): [(phrase, its words)], one per unit the
    reader typed between spaces, longest first.

    An unspaced Khmer unit (គណនេយ្យភាព) is one phrase: its words (គណនេយ្យ, ភាព) are highlighted
    on their own only where the whole phrase appears nowhere, so ភាព is not marked inside
    ទិដ្ឋភាព for a search for គណនេយ្យភាព. Latin words are phrases of their own ("CAFs" also
    marks "CAF")."""
    found = {}
    for unit in text.normalise(query or "").split():
        unit_words = text.words(unit)
        khmer = [word for word in unit_words if text.contains_khmer(word)]
        if khmer:
            found.setdefault("".join(khmer), khmer)
        for word in unit_words:
            if not text.contains_khmer(word):
                found.setdefault(word.lower(), [word])
                if len(word) > 3 and word.lower().endswith("s"):
                    found.setdefault(word[:-1].lower(), [word[:-1]])
    return sorted(found.items(), key=lambda item: len(item[0]), reverse=True)


def _pattern(alternatives):
    if not alternatives:
        return None
    parts = []
    for alternative in sorted(set(alternatives), key=len, reverse=True):
        if text.contains_khmer(alternative):
            parts.append(f"(?<!\u17d2){re.escape(alternative)}(?!{MARK})")
        else:
            parts.append(rf"(?<!\w){re.escape(alternative)}(?!\w)")
    return re.compile("|".join(parts), re.IGNORECASE)


def _spans(source, query):
    """Sorted, merged (start, end) spans of ``source`` to highlight for ``query``."""
    phrases = _phrases(query)
    whole = _pattern([phrase for phrase, _words in phrases])
    spans = [match.span() for match in whole.finditer(source)] if whole else []
    present = {source[a:b].lower() for a, b in spans}
    fallback = [
        word
        for phrase, phrase_words in phrases
        if len(phrase_words) > 1 and phrase.lower() not in present
        for word in phrase_words
    ]
    pattern = _pattern(fallback)
    if pattern:
        spans.extend(match.span() for match in pattern.finditer(source))
    merged = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or not source[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(source, query, window=WINDOW):
    """Return an HTML snippet of ``source`` around the first match of ``query`` (as typed),
    matches in ``<mark>``; matches side by side (or with only spaces between) share one mark.

    Everything but the ``<mark>`` tags is escaped. Without a match, the start of the text.
    """
    source = re.sub(r"\s+", " ", source or "").strip()
    spans = _spans(source, query)
    first = spans[0] if spans else None
    start = max(0, first[0] - window) if first else 0
    end = min(len(source), (first[1] + window) if first else 2 * window)
    pieces, position = [], start
    for a, b in spans:
        a, b = max(a, start), min(b, end)
        if a >= b:
            continue
        pieces.append(escape(source[position:a]))
        pieces.append(f"<mark>{escape(source[a:b])}</mark>")
        position = b
    pieces.append(escape(source[position:end]))
    html = "".join(pieces)
    return ("…" if start > 0 else "") + html + ("…" if end < len(source) else "")
