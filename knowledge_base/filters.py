"""Filters, counts and pagination of the lesson and exchange indexes.

Every filter is a GET parameter, so any combination is a URL that can be shared. The counts are
``portal.facets``'s, worked out in SQL: an option's count is how many pages it would give with
the other filters kept, so a reader sees where each choice leads before choosing it. Only the
page of results shown is read as page objects.
"""

from dataclasses import dataclass, field
from datetime import UTC

from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal import facets
from portal.infrastructure import memo
from portal.infrastructure.wagtail_lookups import view_restrictions
from portal.models import ActorType, AdministrativeArea, Strategy
from portal.numerals import shown
from portal.vocabulary import attach

from .models import ExchangeVisitPage, LessonPage, Sector


@dataclass
class Facet:
    name: str
    label: str
    options: list  # [(value, label)]
    dimension: object  # a portal.facets Field or GroupTag
    selected: str = ""
    counts: dict = field(default_factory=dict)

    def option_tags(self):
        """The ``<option>``s of the facet's select, each with its count, built here rather than
        in the template: a listing offers some 60 options, which the template language renders
        at several times the cost (a third of a listing's time)."""
        tags = []
        for value, label in self.options:
            count = self.counts.get(value, 0)
            chosen = value == self.selected
            tags.append(
                f'<option value="{escape(value)}"{" selected" if chosen else ""}'
                f"{' disabled' if not count and not chosen else ''}>"
                f"{escape(label)} ({shown(count)})</option>"
            )
        return mark_safe("".join(tags))


def _options(name, read):
    """A facet's options in the language shown: vocabulary and years change only with an edit,
    so they are read once per page-cache generation (``portal.infrastructure.memo``)."""
    return memo.remember(("listing-options", name, get_language()), read)


def _strategy_options():
    return _options(
        "strategy",
        lambda: [(str(s.number), str(s)) for s in Strategy.objects.for_active_language()],
    )


def _actor_options():
    return _options(
        "actor", lambda: [(a.code, a.name) for a in ActorType.objects.for_active_language()]
    )


def _province_options():
    return _options(
        "province",
        lambda: [(a.code, a.name) for a in AdministrativeArea.objects.filter(level="province")],
    )


def _year_options(model, field):
    def read():
        years = model.objects.live().exclude(**{field: None}).dates(field, "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    return _options(f"{model._meta.label}.{field}", read)


#: Compiled count statements (``ListingFilter.outcome``), by what their SQL depends on.
_statements = {}
_MAX_STATEMENTS = 1024


def _compiled(key, build):
    statement = _statements.get(key)
    if statement is None:
        if len(_statements) >= _MAX_STATEMENTS:  # a crawler trying every combination of filters
            _statements.clear()
        statement = _statements[key] = build()
    return statement


class ListingFilter:
    model = None
    per_page = 12
    ordering = ()
    #: What a result shows (``rows``): its fields, and the foreign keys set from the vocabulary.
    #: Reading only these halves the cost of a page of results (a record's rich text is long, and
    #: each column costs to select and to set); a field the template reads that is not here costs
    #: a statement per result, which tests/portal/test_queries_per_page.py catches.
    shown = ("title", "url_path", "locale", "translation_key")
    named = ()

    def __init__(self, request, index):
        self.request = request
        self.index = index
        self.facets = self.build_facets()
        for facet in self.facets:
            value = request.GET.get(facet.name, "").strip()
            if value in {v for v, _label in facet.options}:
                facet.selected = value

    def build_facets(self):
        raise NotImplementedError

    def base_queryset(self):
        """Live pages in the index's language, plus those that exist only in another language."""
        pages = self.model.objects.live().public()
        # By id: ``self.index.locale`` would be one more query.
        here = pages.filter(locale_id=self.index.locale_id)
        elsewhere = pages.exclude(locale_id=self.index.locale_id).exclude(
            translation_key__in=here.values("translation_key")
        )
        return self.model.objects.filter(
            Q(pk__in=here.descendant_of(self.index).values("pk")) | Q(pk__in=elsewhere.values("pk"))
        )

    def narrowed(self, queryset, skip=None):
        """``queryset`` with every selected filter applied but ``skip``'s."""
        dimensions = {f.name: f.dimension for f in self.facets}
        selected = {f.name: f.selected for f in self.facets}
        return facets.narrowed(queryset, dimensions, selected, skip=skip and skip.name)

    def outcome(self):
        """Each facet's counts and each of ``extra_counts()`` (``portal.facets.count_each``, one
        statement, which also lists the ids of every result in order): ``(counts, ids)``.

        Both change only with an edit or the filters chosen, so for the listing as first opened
        and with one filter (a bounded number of answers: one per option) they are kept per
        page-cache generation (``portal.infrastructure.memo``): another page of results, or the
        same listing asked with a query string of its own, reads only the rows it shows. With
        more filters they are worked out for each request.

        The statement's SQL itself depends on no row but the index's place and the restricted
        sections (``.public()``), so it is compiled once per process for them and the filters
        chosen (``_compiled``): compiling it through the ORM costs several times running it."""
        chosen = tuple((f.name, f.selected) for f in self.facets if f.selected)

        def build():
            base = self.base_queryset()
            wanted = {f.name: (self.narrowed(base, skip=f), f.dimension) for f in self.facets}
            wanted.update(self.extra_counts())
            ordered = self.narrowed(base).order_by(*self.ordering)
            return facets.count_statement(wanted, ordered)

        def read():
            restricted = tuple(page.path for page in view_restrictions()["sections"])
            where = (self.index.pk, self.index.path, self.index.locale_id, restricted)
            found = facets.run_counts(_compiled((type(self).__name__, where, chosen), build))
            ids = found.pop(None)
            return {name: {str(v): n for v, n in c.items()} for name, c in found.items()}, ids

        if len(chosen) <= 1:
            return memo.remember(("listing", type(self).__name__, self.index.pk, chosen), read)
        return read()

    def rows(self, ids):
        """The pages of ``ids``, in that order, in one statement: the places, organisations and
        locales they name come from the vocabulary kept per generation (``portal.vocabulary``)."""
        by_id = self.model.objects.only(*self.shown, *self.named).in_bulk(list(ids))
        attach(*((row, name) for row in by_id.values() for name in self.named))
        return [by_id[pk] for pk in ids if pk in by_id]

    def extra_counts(self):
        return {}

    def querystring(self, **changes):
        params = {f.name: f.selected for f in self.facets if f.selected}
        params.update(changes)
        return urlencode({k: v for k, v in params.items() if v})

    def context(self):
        counted, ids = self.outcome()
        for facet in self.facets:
            facet.counts = counted[facet.name]
        results = Paginator(ids, self.per_page).get_page(self.request.GET.get("page"))
        results.object_list = self.rows(results.object_list)
        active = [f for f in self.facets if f.selected]
        context = {
            "results": results,
            "total": len(ids),
            "facets": self.facets,
            "active_filters": [
                {
                    "facet": f,
                    "label": dict(f.options)[f.selected],
                    "remove_url": "?" + self.querystring(**{f.name: ""}),
                }
                for f in active
            ],
        }
        self.counted = counted
        return context


class LessonFilter(ListingFilter):
    model = LessonPage
    ordering = (Coalesce("date", TruncDate("first_published_at", tzinfo=UTC)).desc(), "-pk")

    def build_facets(self):
        tags = (LessonPage,)
        return [
            Facet(
                "strategy",
                _("Strategy"),
                _strategy_options(),
                facets.GroupTag(tags, "strategies__number"),
            ),
            Facet(
                "actor",
                _("Actor type"),
                _actor_options(),
                facets.GroupTag(tags, "actor_types__code"),
            ),
            Facet(
                "province",
                _("Province"),
                _province_options(),
                facets.GroupTag(tags, "area__province__code"),
            ),
            Facet("sector", _("Sector"), list(Sector.choices), facets.Field("sector")),
            Facet("year", _("Year"), _year_options(LessonPage, "date"), facets.Field("date__year")),
        ]

    shown = (*ListingFilter.shown, "summary", "sector", "date")
    named = ("area", "organisation", "locale")


class ExchangeFilter(ListingFilter):
    model = ExchangeVisitPage
    ordering = ("-start_date", "-pk")
    HOSTED = "area__province__code"
    SENT = "visitors__area__province__code"

    def build_facets(self):
        tags = (ExchangeVisitPage,)
        return [
            Facet(
                "province",
                _("Province (host or visitor)"),
                _province_options(),
                facets.GroupTag(tags, self.HOSTED, self.SENT),
            ),
            Facet(
                "strategy",
                _("Strategy"),
                _strategy_options(),
                facets.GroupTag(tags, "strategies__number"),
            ),
            Facet(
                "year",
                _("Year"),
                _year_options(ExchangeVisitPage, "start_date"),
                facets.Field("start_date__year"),
            ),
        ]

    shown = (*ListingFilter.shown, "summary", "start_date")
    named = ("area", "locale")

    def extra_counts(self):
        # Hosted and sent apart, over the pages the province facet counts.
        pool = self.narrowed(self.base_queryset(), skip=self.facets[0])
        tags = (ExchangeVisitPage,)
        return {
            "hosted": (pool, facets.GroupTag(tags, self.HOSTED)),
            "sent": (pool, facets.GroupTag(tags, self.SENT)),
        }

    def context(self):
        context = super().context()
        province_facet = self.facets[0]
        hosted, sent = self.counted["hosted"], self.counted["sent"]
        by_province = []
        for code, name in province_facet.options:
            if hosted.get(code) or sent.get(code):
                by_province.append(
                    {
                        "code": code,
                        "name": name,
                        "hosted": hosted.get(code, 0),
                        "sent": sent.get(code, 0),
                    }
                )
        by_province.sort(key=lambda p: (-(p["hosted"] + p["sent"]), p["name"]))
        top = max([max(p["hosted"], p["sent"]) for p in by_province], default=0)
        for entry in by_province:
            entry["hosted_pct"] = round(100 * entry["hosted"] / top) if top else 0
            entry["sent_pct"] = round(100 * entry["sent"] / top) if top else 0
        context["by_province"] = by_province
        return context
