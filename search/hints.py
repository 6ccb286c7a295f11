"""Hints while searching: "did you mean" for a query that finds nothing (or little), and titles
that complete a half-typed query (the search box's suggestions). The spelling itself is
``search.spelling``; this module gives it the index's vocabulary."""

import functools
import time
from collections import Counter
from dataclasses import replace

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from wagtail.models import Locale
from wagtail.search.models import IndexEntry

from . import spelling, text
from .backends import RawPrefix
from .results import clean_query, filtered_pages, matching, visible_pages

#: The vocabulary is read again after this long, or at once when the index was written to
#: (``VERSION_KEY`` in the shared cache changes on every index write, see ``search.tasks``).
VOCABULARY_SECONDS = 600
VERSION_KEY = "search:index-version"
_vocabulary = {}


def index_changed():
    """Note that the index was written to: every process reads its vocabulary again."""
    cache.set(VERSION_KEY, time.time_ns(), None)


def _index_terms():
    """{word: documents} of the words of every indexed title and body, from the index itself
    (SQLite: the FTS table's ``fts5vocab``; PostgreSQL: ``ts_stat`` of the stored vectors).
    Empty for other backends, which then suggest from titles only."""
    if settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] != "search.backends.database":
        return {}
    table = IndexEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocabulary "
                f"USING fts5vocab(main, {table}_fts, col)"
            )
            cursor.execute(
                "SELECT term, SUM(doc) FROM temp.search_vocabulary "
                "WHERE col IN ('title', 'body') GROUP BY term"
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT word, ndoc FROM ts_stat(%s) WHERE word ~ '[\u1780-\u17ff]'",
                [f"SELECT title || body FROM {table}"],
            )
        else:
            return {}
        return {term: count for term, count in cursor.fetchall() if text.contains_khmer(term)}


@functools.lru_cache(maxsize=20_000)
def _title_words(title):
    """The words of a title, each once. Kept per process: the vocabulary is read again after
    every index write, and segmenting 5,000 titles was half of that (105 of 200 ms on 10,000
    documents), while most titles are the same as the time before."""
    return tuple({word for word in text.words(title) if len(word) > 1})


def vocabulary():
    """The words search can find: Khmer words of the whole index (segmented as indexed, inner
    words of compounds included) and the words of page titles, with their document counts.

    Read again after every index write (``VERSION_KEY``) and at least every VOCABULARY_SECONDS.
    The words and counts read for a version are kept in the shared cache for the other
    processes (reading them from the index costs each process 85–200 ms on 10,000 documents,
    loading them a few); each process builds its own lookup table from them."""
    version = cache.get(VERSION_KEY)
    held = _vocabulary.get("current")
    if held and held.version == version and time.monotonic() - held.built < VOCABULARY_SECONDS:
        return held
    shared = f"search:vocabulary:{version}" if version is not None else None
    counts = cache.get(shared) if shared else None
    if counts is None:
        counts = Counter(_index_terms())
        titles = visible_pages().values_list("title", flat=True)[:5000]
        for title in titles:
            counts.update(_title_words(title))
        counts = dict(counts)
        if shared:
            cache.set(shared, counts, VOCABULARY_SECONDS)
    _vocabulary["current"] = spelling.Vocabulary(counts, version=version)
    return _vocabulary["current"]


def did_you_mean(request, count=0):
    """A close spelling of the query made of indexed words, or "".

    Asked when the query found nothing, or little (``count`` ≤ ``results.FEW_FOR_HINTS``) while
    some of its Khmer words are in no more documents than it found: then a spelling that many
    more documents use is suggested. Offered only when following it finds more in this
    language."""
    words = vocabulary()
    if count and not spelling.rare_words(request.query, words, count):
        return ""
    suggestion = spelling.correct(request.query, words, common=bool(count))
    if not suggestion or text.query_words(suggestion) == text.query_words(request.query):
        return ""
    found = matching(filtered_pages(replace(request, query=suggestion)), suggestion)
    if found.filter(locale__language_code=request.locale).count() <= count:
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
