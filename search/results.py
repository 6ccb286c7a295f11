"""The portal's search: which pages, which filters, facets, pages of results, suggestions.

Used by the search page and the JSON API alike. A page type joins search by having a
``search_type`` class attribute and declaring its ``search_fields``; nothing else. A page type
whose text is not to be searched says why in a ``search_excluded`` class attribute
(tests/search/test_findable.py fails for a page type with text fields that does neither). A hit
leads to ``page.search_result_url()`` where a page type has one (a course module: its heading on
the course page), else to the page.
"""

import contextlib
import functools
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connections
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site, get_page_models

from portal import facets as counting
from portal.infrastructure import wagtail_lookups
from portal.models import ActorType, AdministrativeArea, Strategy, TaggedContentMixin

from . import outcome_cache, text
from .snippets import highlight, shown_texts

PAGE_SIZE = 10
MAX_QUERY_CHARS = 200
MAX_MATCHES = 1000  # hits counted by a backend that cannot count in SQL (Elasticsearch)
TAG_FILTERS = ("type", "strategy", "actor", "province")
FEW_FOR_HINTS = 2  # "did you mean" is also asked for a query finding this few
LANGUAGE = counting.Field("locale_id")
TYPE = counting.Field("content_type_id")


def searchable_types():
    """{search_type: [page model, …]} for every page class with a ``search_type``."""
    types = {}
    for model in get_page_models():
        search_type = getattr(model, "search_type", None)
        if search_type and not model._meta.abstract:
            types.setdefault(search_type, []).append(model)
    return types


def type_labels():
    return {
        search_type: str(models[0]._meta.verbose_name).capitalize()
        for search_type, models in searchable_types().items()
    }


def clean_query(raw):
    """The query as searched: a control character (a tab, a NUL, an escape) read as a space,
    other invisible characters (a zero-width space inside a Khmer word) dropped, spaces
    collapsed, at most MAX_QUERY_CHARS."""
    chars = (" " if unicodedata.category(c) == "Cc" else c for c in raw or "")
    return " ".join("".join(c for c in chars if c.isprintable()).split())[:MAX_QUERY_CHARS]


@dataclass
class SearchRequest:
    query: str = ""
    locale: str = ""
    type: str = ""
    strategy: str = ""
    actor: str = ""
    province: str = ""
    page: int = 1

    @classmethod
    def from_params(cls, params, default_locale):
        locale = params.get("locale") or default_locale
        if locale not in dict(settings.LANGUAGES):
            locale = default_locale
        try:
            page = max(1, min(int(params.get("page") or 1), 10_000))
        except (TypeError, ValueError):
            page = 1
        return cls(
            query=clean_query(params.get("q")),
            locale=locale,
            type=(params.get("type") or "")[:64],
            strategy=(params.get("strategy") or "")[:8],
            actor=(params.get("actor") or "")[:64],
            province=(params.get("province") or "")[:16],
            page=page,
        )

    def params(self, **override):
        values = {
            "q": self.query,
            "locale": self.locale,
            "type": self.type,
            "strategy": self.strategy,
            "actor": self.actor,
            "province": self.province,
        }
        values.update(override)
        return {key: value for key, value in values.items() if value}


@dataclass
class SearchOutcome:
    request: SearchRequest
    count: int = 0
    results: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    paginator_page: object = None
    did_you_mean: str = ""
    other_language: dict | None = None

    def as_json(self):
        return {
            "count": self.count,
            # The page served: a page past the end is the last page, as on the search page.
            "page": self.paginator_page.number if self.paginator_page else 1,
            "num_pages": self.paginator_page.paginator.num_pages if self.paginator_page else 0,
            "results": self.results,
            "facets": self.facets,
            "did_you_mean": self.did_you_mean or None,
            "other_language": self.other_language,
        }


def visible_pages():
    """Live, public pages of every searchable type (no drafts, no private pages).

    A page in moderation is either not live (never published) or is indexed with its live
    content, because the index is built from the page row, never from a revision.
    """
    models = [m for group in searchable_types().values() for m in group]
    content_types = ContentType.objects.get_for_models(*models).values() if models else []
    return Page.objects.live().public().filter(content_type__in=list(content_types))


def _tagged_models():
    return [
        model
        for models in searchable_types().values()
        for model in models
        if issubclass(model, TaggedContentMixin)
    ]


@functools.cache
def tag_dimensions():
    """{filter: dimension} of the tag filters: a tag of the page's translation group, on any of
    its pages (``portal.facets.GroupTag``). The same objects for the life of the process (the
    page types do not change), so each keeps the SQL it was compiled to."""
    models = _tagged_models()
    return {
        "strategy": counting.GroupTag(models, "strategies__number"),
        "actor": counting.GroupTag(models, "actor_types__code"),
        "province": counting.GroupTag(models, "area__province__code"),
    }


def _tag_filter(request):
    """A condition on pages for the strategy/actor/province filters set, or None: each must be
    met by the page's translation group."""
    condition = None
    for name, dimension in tag_dimensions().items():
        value = getattr(request, name)
        if not value:
            continue
        in_group = dimension.condition(_int(value) if name == "strategy" else value)
        condition = in_group if condition is None else condition & in_group
    return condition


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def filtered_pages(request):
    pages = visible_pages()
    if request.type:
        models = searchable_types().get(request.type, [])
        content_types = ContentType.objects.get_for_models(*models).values() if models else []
        pages = pages.filter(content_type__in=list(content_types))
    condition = _tag_filter(request)
    if condition is not None:
        pages = pages.filter(condition)
    return pages


def _searched(pages, query):
    """The backend's search of ``pages`` for ``query``, not run yet; None when the query has no
    words to search for."""
    return pages.search(query, operator="and") if text.query_words(query) else None


def matching(pages, query, searched=None):
    """The pages of ``pages`` matching ``query``, as a queryset to count and group in SQL.

    The database backends give the match as a subquery of ``pages`` (no ranking, no page
    objects); other backends give their best MAX_MATCHES hits. ``searched``: the backend's
    search of them, when the caller has it (:func:`_searched`).
    """
    found = _searched(pages, query) if searched is None else searched
    if found is None:
        return pages.none()
    compiler = getattr(found, "query_compiler", None)
    if hasattr(compiler, "matching_pks_query"):
        subquery = compiler.matching_pks_query(compiler.get_config(found.backend))
        if subquery is not None:
            return pages.filter(pk__in=subquery)
    return pages.filter(pk__in=[page.pk for page in found[:MAX_MATCHES]])


def _scored_matches(searched):
    """(SQL, params) of every match of a search (:func:`_searched`) with its relevance, from a
    backend that gives them (``scored_matches_query``: PostgreSQL), or None."""
    compiler = getattr(searched, "query_compiler", None)
    if not hasattr(compiler, "scored_matches_query"):
        return None
    return compiler.scored_matches_query(compiler.get_config(searched.backend))


class _RankedPages:
    """A page-able view of ranked search results whose length is already known.

    The paginator slices it once. The slice ranked with the count (``shown``, from ``start``)
    is given as it is; another (a page past the end, served as the last one) or every slice of
    a backend that ranks apart is ranked by the backend (``results``), only that slice.
    """

    def __init__(self, results, count, shown=None, start=None):
        self.results = results
        self._count = count
        self.shown = shown
        self.start = start

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, index):
        if not self._count:
            return []
        if self.shown is not None and index.start == self.start:
            return self.shown
        return list(self.results()[index])


@outcome_cache.cached
def run(request):
    """Search as ``request`` says; returns a SearchOutcome with results, facets, hints.

    A constant number of SQL statements whatever the number of hits: one for the count, every
    facet and the page of results together (``portal.facets.count_together``: the matches are
    found and ranked once; a backend that cannot rank in SQL ranks the page shown apart), then
    only that page's ten pages (loaded, placed, snippeted); "did you mean" only for a query
    that finds little.
    """
    outcome = SearchOutcome(request=request)
    if not request.query:
        return outcome
    pages = filtered_pages(request)
    locales = {locale.pk: code for code, locale in wagtail_lookups.locales().items()}
    language_ids = [pk for pk, code in locales.items() if code == request.locale]
    start = (request.page - 1) * PAGE_SIZE
    counts, ranked = count_matches(pages, request.query, language_ids, start)
    by_language = Counter()
    for locale_id, count in counts.pop("language").items():
        by_language[locales.get(locale_id)] += count
    outcome.count = by_language[request.locale]

    def backend_ranking():
        # Specific pages straight from the ranking: each page shown is loaded once.
        in_language = pages.filter(locale__in=language_ids).specific()
        return in_language.search(request.query, operator="and")

    shown = None
    if ranked is not None:
        loaded = Page.objects.filter(pk__in=ranked).specific().in_bulk(ranked) if ranked else {}
        shown = [loaded[pk] for pk in ranked if pk in loaded]
    listing = _RankedPages(backend_ranking, outcome.count, shown, start)
    outcome.paginator_page = Paginator(listing, PAGE_SIZE).get_page(request.page)
    pages_shown = list(outcome.paginator_page.object_list)
    places = _places(pages_shown)
    texts = shown_texts(pages_shown)
    site_roots = Site.get_site_root_paths()
    for page in pages_shown:  # read once for the page, not once per result's URL
        page._wagtail_cached_site_root_paths = site_roots
    outcome.results = [_result(page, request.query, locales, places, texts) for page in pages_shown]
    outcome.facets = facets(counts, by_language, locales)
    if outcome.count <= FEW_FOR_HINTS:
        from .hints import did_you_mean  # hints build on this module's queries

        outcome.did_you_mean = did_you_mean(request, outcome.count)
    if not outcome.count:
        other = next((code for code, n in by_language.items() if code and n), None)
        if other:
            outcome.other_language = {
                "locale": other,
                "count": by_language[other],
                "params": request.params(locale=other),
            }
    return outcome


def count_matches(pages, query, language_ids, start=0):
    """({dimension: Counter}, ranked pks) of the pages of ``pages`` matching ``query``, in one
    statement: ``language`` (locale ids) over every match, ``type`` (content type ids) and the
    tag dimensions over the matches in ``language_ids``, and the pks of the matches in
    ``language_ids`` ranked ``start`` to ``start + PAGE_SIZE``, best first. The ranked pks are
    None when the backend cannot rank in SQL (the page shown is then ranked apart)."""
    dimensions = {"language": LANGUAGE, "type": TYPE, **tag_dimensions()}
    in_language = {"locale_id": language_ids}
    within = {name: in_language for name in dimensions if name != "language"}
    searched = _searched(pages, query)
    with _match_plan(pages.db):
        scores = _scored_matches(searched)
        if scores is None:
            found = matching(pages, query, searched)
            return counting.count_together(found, dimensions, within), None
        return counting.count_together(
            pages,
            dimensions,
            within,
            scores=scores,
            window=(start, start + PAGE_SIZE, in_language),
        )


def _match_plan(alias):
    """How the count's statement is planned: on PostgreSQL as the ranked one is, without
    sequential scans (``search.backends.postgres_ranking.index_scans``). Left to itself the
    planner matched a common word by concatenating both vectors of every index entry (160 ms
    for CAFs, 7,700 of the benchmark's 10,000 pages) instead of reading the GIN index."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return contextlib.nullcontext()
    from .backends.postgres_ranking import index_scans

    return index_scans(connection)


def _places(pages):
    """{page pk: "Guidebook › Chapter"}: the titles of each page's ancestors below the home page,
    so that a chapter and its sections, or two sections of one name, read apart in the results.
    One query for every page shown."""
    step = Page.steplen
    paths = {
        page.pk: [page.path[: step * depth] for depth in range(3, page.depth)] for page in pages
    }
    wanted = {path for chain in paths.values() for path in chain}
    titles = (
        dict(Page.objects.filter(path__in=wanted).values_list("path", "title")) if wanted else {}
    )
    return {
        pk: " › ".join(titles[path] for path in chain if path in titles)
        for pk, chain in paths.items()
    }


def _result(page, query, locales, places, texts):
    url = page.search_result_url() if hasattr(page, "search_result_url") else page.get_url()
    source, breaks = texts[page.pk]
    return {
        "title": page.title,
        "url": url,
        "place": places.get(page.pk, ""),
        "type": getattr(page, "search_type", "page"),
        "type_label": str(page._meta.verbose_name).capitalize(),  # for people; "type" for code
        "locale": locales.get(page.locale_id),
        "snippet": highlight(source, query, breaks=breaks),
        "title_html": highlight(text.normalise(page.title), query, window=len(page.title)),
    }


def _model(content_type_id, cache):
    if content_type_id not in cache:
        cache[content_type_id] = ContentType.objects.get_for_id(content_type_id).model_class()
    return cache[content_type_id]


def facets(counts, by_language, locales):
    """Counts per type, strategy, actor type, province and language, with their labels.

    ``counts`` are :func:`count_matches`' for the language searched (a page under each tag of
    its translation group), ``by_language`` the matches per language code. Labels are in the
    active language; a strategy or actor type not yet translated into it is named in the
    default language. Only values that were counted are named (no query for an empty facet).
    """
    labels = type_labels()
    models, types = {}, Counter()
    for content_type_id, count in counts["type"].items():
        types[getattr(_model(content_type_id, models), "search_type", "page")] += count
    strategies, actors, provinces = counts["strategy"], counts["actor"], counts["province"]
    # The default language's names first, the active language's over them.
    codes = [settings.LANGUAGE_CODE, translation.get_language() or settings.LANGUAGE_CODE]
    codes = [get_supported_content_language_variant(code) for code in codes]
    shown = [pk for code in dict.fromkeys(codes) for pk, c in locales.items() if c == code]
    strategy_names = _names(Strategy, "number", strategies, shown) if strategies else {}
    actor_names = _names(ActorType, "code", actors, shown) if actors else {}
    province_names = (
        {a.code: a.name for a in AdministrativeArea.objects.filter(code__in=list(provinces))}
        if provinces
        else {}
    )
    language_names = dict(settings.LANGUAGES)

    def listing(counter, names):
        return [
            {"value": str(value), "label": str(names.get(value, value)), "count": count}
            for value, count in sorted(counter.items(), key=lambda item: (-item[1], str(item[0])))
        ]

    return {
        "type": listing(types, labels),
        "strategy": listing(strategies, strategy_names),
        "actor": listing(actors, actor_names),
        "province": listing(provinces, province_names),
        "language": listing(Counter({k: v for k, v in by_language.items() if k}), language_names),
    }


def _names(model, key, counted, locale_ids):
    """{key: name} of the rows of ``model`` counted, in one query: a later locale of
    ``locale_ids`` names a row over an earlier one."""
    rank = {pk: position for position, pk in enumerate(locale_ids)}
    rows = model.objects.filter(locale__in=locale_ids, **{f"{key}__in": list(counted)})
    names = {}
    for value, name, _locale_id in sorted(
        rows.values_list(key, "name", "locale_id"), key=lambda row: rank[row[2]]
    ):
        names[value] = name
    return names
