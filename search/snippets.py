"""Snippets with the matched words highlighted, built in Python from the page's own text.

modelsearch has no highlighter; the snippet is cut from the page's searchable text around the
first matched word. That text is stored when the page is indexed, normalised and segmented by
``search.text`` as it is for the index (``search.models.SnippetText``, :func:`store`), so a word
is marked where the index finds it, and nowhere else, and a search reads the texts of the pages
it shows in one query instead of normalising and segmenting each page again.
"""

import bisect
import re
from functools import lru_cache
from operator import itemgetter

from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.utils.encoding import force_str
from django.utils.html import escape, strip_tags
from wagtail.search import index

from . import text
from .models import SnippetText

WINDOW = 90  # characters either side of the first match, then moved onto word boundaries


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


def _collapsed(source):
    return re.sub(r"\s+", " ", source or "").strip()


def snippet_text(obj):
    """What is stored for ``obj``'s snippets: :func:`page_text`, spaces collapsed, segmented
    (``search.text.mark_words``)."""
    return text.mark_words(_collapsed(page_text(obj)))


def store(model, objs):
    """Store the snippet text of ``objs`` (of ``model``, as the index files them). An object
    with no such text has none stored. Two statements for the lot."""
    content_type = ContentType.objects.get_for_model(model)
    texts = {force_str(obj.pk): snippet_text(obj) for obj in objs}
    if not texts:
        return
    rows = SnippetText.objects.db_manager(router.db_for_write(SnippetText))
    rows.filter(content_type=content_type, object_id__in=list(texts))._raw_delete(rows.db)
    rows.bulk_create(
        [
            SnippetText(content_type=content_type, object_id=object_id, text=marked)
            for object_id, marked in texts.items()
            if marked
        ],
        batch_size=500,
    )


def forget(obj):
    """Remove the stored snippet text of ``obj``, filed under its model or any of its parents
    (as the index removes its entries)."""
    from wagtail.search.utils import get_descendants_content_types_pks

    rows = SnippetText.objects.db_manager(router.db_for_write(SnippetText))
    rows.filter(
        content_type_id__in=list(get_descendants_content_types_pks(type(obj))),
        object_id=force_str(obj.pk),
    )._raw_delete(rows.db)


def shown_texts(pages):
    """{page pk: (text, Khmer word breaks)} of ``pages`` (a page of results), in one query.

    The stored text (:func:`store`); for a page with none yet (indexed before the text was
    stored, or by a process that did not store it) the text is made as :func:`store` makes it.
    """
    wanted = {(page.content_type_id, force_str(page.pk)): page for page in pages}
    found = {}
    if wanted:
        rows = SnippetText.objects.filter(
            content_type_id__in={content_type for content_type, _pk in wanted},
            object_id__in=[object_id for _ct, object_id in wanted],
        ).values_list("content_type_id", "object_id", "text")
        for content_type, object_id, marked in rows:
            page = wanted.get((content_type, object_id))
            if page is not None:
                found[page.pk] = text.unmark_words(marked)
    for page in wanted.values():
        if page.pk not in found:
            found[page.pk] = (_collapsed(page_text(page)), None)
    return found


def _flatten(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [item for sub in value for item in _flatten(sub)]
    if isinstance(value, dict):
        return _flatten(list(value.values()))
    return [str(value)]


@lru_cache(maxsize=64)
def _targets(query):
    """The words of ``query`` to mark, lower-cased ("CAFs" also gives "caf"), and its compounds.

    A compound is a typed Khmer word that the segmenter cuts into several (គណនេយ្យភាព:
    គណនេយ្យ, ភាព), as the tuple of those words. Its words are searched one by one, like any
    other, but :func:`_whole` marks a word typed only inside compounds where a compound stands
    whole. Returns (targets, compounds, the words typed only inside compounds), frozen: a page
    of results asks it for every title and snippet.
    """
    targets, compounds, alone = set(), [], set()
    for run in text.KHMER_RUN.findall(text.normalise(query or "")):
        pieces = tuple(text.words(run))
        if len(pieces) > 1:
            compounds.append(pieces)
        else:
            alone.update(pieces)
    for word in text.query_words(query):
        word = word.lower()
        targets.add(word)
        if not text.contains_khmer(word) and len(word) > 3 and word.endswith("s"):
            targets.add(word[:-1])
    partial = {word for pieces in compounds for word in pieces} - alone
    return frozenset(targets), tuple(compounds), frozenset(partial)


def _compounds_at(source, found, compounds):
    """Where in ``found`` (sorted spans of target words) a compound stands whole: its words
    together, in order, with at most spaces between them. A list of ``(index, length)``."""
    words = [source[a:b].lower() for a, b in found]
    hits = []
    for pieces in compounds:
        n = len(pieces)
        for i in range(len(found) - n + 1):
            if tuple(words[i : i + n]) == pieces and all(
                not source[found[j][1] : found[j + 1][0]].strip() for j in range(i, i + n - 1)
            ):
                hits.append((i, n))
    return sorted(hits)


def _to_mark(source, found, compounds, partial):
    """Of ``found``, the spans to mark when a compound of the query stands whole in the text:
    every word but the ``partial`` ones, which are marked only inside a whole compound."""
    keep = {i for i, (a, b) in enumerate(found) if source[a:b].lower() not in partial}
    for i, n in _compounds_at(source, found, compounds):
        keep.update(range(i, i + n))
    return [span for i, span in enumerate(found) if i in keep]


def _chunk(source, start, end):
    """``(start, end)`` widened to the spaces around it.

    Words never cross a space, so a chunk is segmented exactly as it is within the whole text,
    and only the chunks a snippet needs are segmented.
    """
    before = source.rfind(" ", 0, start) + 1
    after = source.find(" ", end)
    return before, len(source) if after == -1 else after


class _Words:
    """Where the words of ``source`` are, found chunk by chunk as a snippet asks for them.

    With ``breaks`` (where ICU cut the Khmer runs when the text was stored) no run is segmented
    again. Each chunk is looked at once: finding the first match and cutting the window around
    it look at the same chunk, which for an unspaced Khmer page is the whole page.
    """

    def __init__(self, source, breaks=None):
        self.source = source
        self.breaks = breaks
        self._chunks = {}

    def around(self, start, end):
        """``(start, end)`` offsets of the words of the chunk around ``start:end``."""
        before, after = _chunk(self.source, start, end)
        if (before, after) not in self._chunks:
            breaks = self.breaks
            if breaks is not None:
                inside = breaks[
                    bisect.bisect_right(breaks, before) : bisect.bisect_left(breaks, after)
                ]
                breaks = [at - before for at in inside]
            self._chunks[before, after] = tuple(
                (before + a, before + b)
                for a, b in text.word_spans(self.source[before:after], breaks)
            )
        return self._chunks[before, after]


def _overlapping(spans, start, end):
    """The words of ``spans`` (sorted, disjoint) that overlap ``start:end``.

    Found by bisection: an unspaced Khmer page is one chunk of thousands of words, of which a
    snippet looks at a few dozen.
    """
    first = bisect.bisect_right(spans, start, key=itemgetter(1))
    last = bisect.bisect_left(spans, end, lo=first, key=itemgetter(0))
    return spans[first:last]


def _matches(source, spans, targets):
    """``(start, end)`` of the words in ``spans`` that are ``targets``.

    Whole words as the index cuts them, and the inner words of long Khmer compounds that the
    index also holds (វាយតម្លៃ inside ការវាយតម្លៃ).
    """
    found = []
    for a, b in spans:
        word = source[a:b]
        if word.lower() in targets:
            found.append((a, b))
        elif text.contains_khmer(word):
            found.extend(
                (a + c, a + d) for c, d in text.inner_word_spans(word) if word[c:d] in targets
            )
    return sorted(found)


def _first_match(words, targets):
    """The span of the first marked word of ``words.source``, or None.

    A plain substring search finds the places a target could be; only the words around them
    are looked at, and the first whole-word match wins.
    """
    source = words.source
    letters = re.compile(
        "|".join(re.escape(t) for t in sorted(targets, key=len, reverse=True)), re.IGNORECASE
    )
    spans, chunk_end = [], -1
    for candidate in letters.finditer(source):
        if candidate.start() >= chunk_end:
            spans = words.around(*candidate.span())
            chunk_end = spans[-1][1] if spans else candidate.end()
        found = _matches(source, _overlapping(spans, *candidate.span()), targets)
        if found:
            return found[0]
    return None


def _first_compound(words, targets, compounds):
    """The span of the first compound of the query that stands whole in ``words.source``, or
    None."""
    source = words.source
    letters = re.compile(
        "|".join(r"\s*".join(re.escape(piece) for piece in pieces) for pieces in compounds),
        re.IGNORECASE,
    )
    for candidate in letters.finditer(source):
        spans = words.around(*candidate.span())
        found = _matches(source, _overlapping(spans, *candidate.span()), targets)
        hits = _compounds_at(source, found, compounds)
        if hits:
            i, n = hits[0]
            return found[i][0], found[i + n - 1][1]
    return None


def _first(words, targets, compounds, partial):
    """The span to cut the snippet around, and whether a compound stands whole in the text.

    With a whole compound, the first of it and of the words typed on their own; without one,
    the first match of any word of the query (the page was found by the compound's words
    apart, and those are marked where they are)."""
    compound = _first_compound(words, targets, compounds) if compounds else None
    if compound is None:
        return _first_match(words, targets), False
    alone = targets - partial
    single = _first_match(words, alone) if alone else None
    return (min(compound, single) if single else compound), True


def _snapped(spans, start, end, keep):
    """``(start, end)`` moved onto word boundaries, inwards, but never off the ``keep`` span.

    ``start`` goes to the start of the first word that begins at or after it, ``end`` to the
    end of the last word that ends at or before it, so a snippet never begins or ends inside a
    word (nor, in Khmer, inside a cluster). The word holding ``keep`` (the first match, which
    may be an inner word of a compound) stays whole, and so does a first word longer than the
    window (one longer than a default snippet, ``2 * WINDOW``, is cut).
    """
    first = bisect.bisect_left(spans, start, key=itemgetter(0))
    last = bisect.bisect_right(spans, end, key=itemgetter(1)) - 1
    new_start = spans[first][0] if first < len(spans) else end
    new_end = spans[last][1] if last >= 0 else start
    if keep:
        around = _overlapping(spans, keep[0], keep[1])
        new_start = min(new_start, around[0][0] if around else keep[0])
        new_end = max(new_end, around[-1][1] if around else keep[1])
    if new_start >= new_end and first < len(spans):
        # No whole word fits: show the first one, unless it is longer than a whole snippet.
        word_end = spans[first][1]
        new_end = word_end if word_end - start <= 2 * WINDOW else end
    return new_start, new_end


def _merged(source, spans):
    """``spans`` with neighbours (nothing or only spaces between them) joined into one."""
    merged = []
    for start, end in spans:
        if merged and not source[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(source, query, window=WINDOW, breaks=None):
    """Return an HTML snippet of ``source`` around the first match of ``query``, matches in
    ``<mark>``.

    ``source`` is normalised text (:func:`search.text.normalise`); ``query`` is what the reader
    typed. A word is marked only where the index sees that word: ``source`` is segmented as it
    is for indexing, so ភាព (from a search for គណនេយ្យភាព) is not marked inside ទិដ្ឋភាព, and
    CAF is not marked inside CAFETERIA. A typed word the segmenter cuts in two (គណនេយ្យភាព:
    គណនេយ្យ, ភាព) is marked where it stands whole, and its parts are not marked elsewhere
    (ភាព of សមត្ថភាព); only on a page where it never stands whole are its parts marked where
    they are. Words side by side, or with only spaces between, share one mark. Everything but
    the ``<mark>`` tags is escaped. Without a match, the start of the text. The snippet begins
    at the start of a word and ends at the end of one (words as :func:`search.text.word_spans`
    finds them), so it never shows half a word or a Khmer vowel sign without its consonant; the
    ellipses are outside. ``breaks`` are where ICU cut the Khmer runs of a stored ``source``
    (:func:`shown_texts`, spaces already collapsed): then nothing is segmented again.
    """
    if breaks is None:
        source = _collapsed(source)
    words = _Words(source, breaks)
    targets, compounds, partial = _targets(query)
    first, whole = _first(words, targets, compounds, partial) if targets else (None, False)
    start = max(0, first[0] - window) if first else 0
    end = min(len(source), (first[1] + window) if first else 2 * window)
    if first is None and end == len(source):
        return escape(source)  # shown whole with nothing to mark (a title): no words needed
    spans = words.around(start, end)
    if start > 0 or end < len(source):
        snapped_start, snapped_end = _snapped(spans, start, end, first)
        start = snapped_start if start > 0 else 0
        end = snapped_end if end < len(source) else end
    shown = _overlapping(spans, start, end)
    found = _matches(source, shown, targets) if first else []
    marks = _merged(source, _to_mark(source, found, compounds, partial) if whole else found)
    pieces, position = [], start
    for a, b in marks:
        a, b = max(a, start), min(b, end)
        if a >= b:
            continue
        pieces.append(escape(source[position:a]))
        pieces.append(f"<mark>{escape(source[a:b])}</mark>")
        position = b
    pieces.append(escape(source[position:end]))
    html = "".join(pieces)
    return ("…" if start > 0 else "") + html + ("…" if end < len(source) else "")
