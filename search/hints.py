"""Hints while searching: "did you mean" for a query that finds nothing, and titles that
complete a half-typed query (the search box's suggestions)."""

import difflib
import itertools
from dataclasses import replace

from wagtail.models import Locale

from . import text
from .backends import RawPrefix
from .results import clean_query, filtered_pages, matched_rows, visible_pages


def _vocabulary(locale):
    titles = (
        visible_pages().filter(locale__language_code=locale).values_list("title", flat=True)[:2000]
    )
    return {word for title in titles for word in text.words(title) if len(word) > 1}


def did_you_mean(request):
    """A close spelling of the query made of words from page titles, or ""."""
    vocabulary = _vocabulary(request.locale)
    if not vocabulary:
        return ""
    words = text.query_words(request.query)
    corrected = []
    for word in words:
        if word in vocabulary:
            corrected.append(word)
            continue
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.7)
        corrected.append(close[0] if close else word)
    if corrected == words:
        return ""
    # Khmer is written without spaces: neighbouring Khmer words are joined back into a phrase.
    suggestion = corrected[0]
    for previous, word in itertools.pairwise(corrected):
        together = text.contains_khmer(previous) and text.contains_khmer(word)
        suggestion += ("" if together else " ") + word
    # Offered only when following it finds something in this language.
    in_language = set(
        Locale.objects.filter(language_code=request.locale).values_list("pk", flat=True)
    )
    rows = matched_rows(filtered_pages(replace(request, query=suggestion)), suggestion)
    if not any(row[1] in in_language for row in rows):
        return ""
    return suggestion


def suggestions(prefix, locale, limit=8):
    """Titles completing a half-typed query: raw prefix first, then the segmented prefix."""
    prefix = clean_query(prefix)
    if not text.prefix_text(prefix):
        return []
    pages = visible_pages().filter(locale=Locale.objects.filter(language_code=locale).first())
    seen, found = set(), []
    for query in (RawPrefix(prefix), prefix):
        for page in pages.autocomplete(query)[:limit]:
            if page.pk not in seen:
                seen.add(page.pk)
                found.append({"title": page.title, "url": page.get_url()})
        if len(found) >= limit:
            break
    return found[:limit]
