"""Search outcomes kept in the shared cache until the index or the pages change.

The same searches come again and again (a strategy's name, CAF, a province): each costs a count,
facets, a ranked page, snippets and titles, 50–250 ms. :func:`cached` keeps the outcome of
``search.results.run`` in the default cache under the request's parameters, the language shown
and two versions: the index's (``search.hints.VERSION_KEY``, set by every index write) and the
page cache's generation (set by every page, snippet or setting change,
``portal.infrastructure.page_cache``). So an outcome is never older than the index it was read
from, and ``OUTCOME_SECONDS`` bounds the rest (``manage.py update_index`` writes the index
without the version). With the cache down, every search is run.
"""

import functools
import hashlib
import json
import time

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils import translation

from portal.infrastructure import page_cache

OUTCOME_SECONDS = 300


class _Counted:
    """What a paginator needs of results already shown: their number, and the page shown."""

    def __init__(self, count, shown):
        self._count = count
        self.shown = shown

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, index):
        return self.shown


def _key(request):
    from .hints import VERSION_KEY

    index_version = cache.get(VERSION_KEY)
    if index_version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        index_version = cache.get(VERSION_KEY)
    generation = page_cache.generation()
    if index_version is None or generation is None:  # the cache cannot be reached
        return None
    params = json.dumps(
        [request.params(), request.page, translation.get_language()], ensure_ascii=False
    )
    digest = hashlib.sha256(params.encode()).hexdigest()
    return f"search-outcome:{index_version}:{generation}:{digest}"


def cached(run):
    """``run`` (``search.results.run``) with its outcomes kept as the module's docstring says."""

    @functools.wraps(run)
    def search(request):
        key = _key(request) if request.query else None
        entry = cache.get(key) if key else None
        if entry is not None:
            return _outcome(request, entry)
        outcome = run(request)
        if key:
            cache.set(key, _entry(outcome), OUTCOME_SECONDS)
        return outcome

    return search


def _entry(outcome):
    page = outcome.paginator_page
    return {
        "count": outcome.count,
        "results": outcome.results,
        "facets": outcome.facets,
        "did_you_mean": outcome.did_you_mean,
        "other_language": outcome.other_language,
        "number": page.number if page else None,
    }


def _outcome(request, entry):
    from .results import PAGE_SIZE, SearchOutcome

    outcome = SearchOutcome(
        request=request,
        count=entry["count"],
        results=entry["results"],
        facets=entry["facets"],
        did_you_mean=entry["did_you_mean"],
        other_language=entry["other_language"],
    )
    if entry["number"] is not None:
        paginator = Paginator(_Counted(entry["count"], entry["results"]), PAGE_SIZE)
        outcome.paginator_page = paginator.get_page(entry["number"])
    return outcome
