"""Snippets with the matched words highlighted, built in Python from the page's own text.

modelsearch has no highlighter; the stored text is the page's fields, so the snippet is cut
from them around the first matched word. The text is segmented by ``search.text`` as it is for
the index, so a word is marked where the index finds it, and nowhere else.
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


def _targets(query):
    """The words of ``query`` to mark, lower-cased; "CAFs" also gives "caf"."""
    targets = set()
    for word in text.query_words(query):
        word = word.lower()
        targets.add(word)
        if not text.contains_khmer(word) and len(word) > 3 and word.endswith("s"):
            targets.add(word[:-1])
    return targets


def _chunk(source, start, end):
    """``(start, end)`` widened to the spaces around it.

    Words never cross a space, so a chunk is segmented exactly as it is within the whole text,
    and only the chunks a snippet needs are segmented.
    """
    before = source.rfind(" ", 0, start) + 1
    after = source.find(" ", end)
    return before, len(source) if after == -1 else after


def _matches(source, start, end, targets):
    """``(start, end)`` of the words of ``source[start:end]`` (a chunk) that are ``targets``.

    Whole words as the index cuts them, and the inner words of long Khmer compounds that the
    index also holds (វាយតម្លៃ inside ការវាយតម្លៃ).
    """
    found = []
    for a, b in text.word_spans(source[start:end]):
        word = source[start + a : start + b]
        if word.lower() in targets:
            found.append((start + a, start + b))
        elif text.contains_khmer(word):
            found.extend(
                (start + a + c, start + a + d)
                for c, d in text.inner_word_spans(word)
                if word[c:d] in targets
            )
    return sorted(found)


def _first_match(source, targets):
    """The span of the first marked word of ``source``, or None.

    A plain substring search finds the places a target could be; only their chunks are
    segmented, and the first chunk holding a whole-word match wins.
    """
    letters = re.compile(
        "|".join(re.escape(t) for t in sorted(targets, key=len, reverse=True)), re.IGNORECASE
    )
    searched_to = -1
    for candidate in letters.finditer(source):
        if candidate.start() < searched_to:
            continue
        start, end = _chunk(source, *candidate.span())
        found = _matches(source, start, end, targets)
        if found:
            return found[0]
        searched_to = end
    return None


def _merged(source, spans):
    """``spans`` with neighbours (nothing or only spaces between them) joined into one."""
    merged = []
    for start, end in spans:
        if merged and not source[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(source, query, window=WINDOW):
    """Return an HTML snippet of ``source`` around the first match of ``query``, matches in
    ``<mark>``.

    ``source`` is normalised text (:func:`search.text.normalise`); ``query`` is what the reader
    typed. A word is marked only where the index sees that word: ``source`` is segmented as it
    is for indexing, so ភាព (from a search for គណនេយ្យភាព) is not marked inside ទិដ្ឋភាព, and
    CAF is not marked inside CAFETERIA. Words side by side, or with only spaces between, share
    one mark. Everything but the ``<mark>`` tags is escaped. Without a match, the start of the
    text.
    """
    source = re.sub(r"\s+", " ", source or "").strip()
    targets = _targets(query)
    first = _first_match(source, targets) if targets else None
    start = max(0, first[0] - window) if first else 0
    end = min(len(source), (first[1] + window) if first else 2 * window)
    spans = _merged(source, _matches(source, *_chunk(source, start, end), targets)) if first else []
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
