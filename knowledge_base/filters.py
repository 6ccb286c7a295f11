"""Filters, counts and pagination of the lesson and exchange indexes.

Every filter is a GET parameter, so any combination is a URL that can be shared. The candidate
pages are read once with their tags, and the filters and per-option counts are worked out in
Python: an option's count is how many pages it would give with the other filters kept, so a
reader sees where each choice leads before choosing it.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from portal.models import ActorType, AdministrativeArea, Strategy

from .models import ExchangeVisitPage, LessonPage, Sector


@dataclass
class Facet:
    name: str
    label: str
    options: list  # [(value, label)]
    multi_valued: bool = False  # the page carries a set of values (strategies, actor types)
    selected: str = ""
    counts: dict = field(default_factory=dict)

    def matches(self, row, value):
        found = row[self.name]
        return value in found if isinstance(found, set | frozenset) else found == value


def _strategy_options():
    return [(str(s.number), str(s)) for s in Strategy.objects.for_active_language()]


def _actor_options():
    return [(a.code, a.name) for a in ActorType.objects.for_active_language()]


def _province_options():
    return [(a.code, a.name) for a in AdministrativeArea.objects.filter(level="province")]


def _province_code(area):
    return area.province.code if area is not None else None


class ListingFilter:
    model = None
    per_page = 12

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

    def row(self, page):
        raise NotImplementedError

    def base_queryset(self):
        """Live pages in the index's language, plus those that exist only in another language."""
        pages = self.model.objects.live().public()
        here = pages.filter(locale=self.index.locale)
        elsewhere = pages.exclude(locale=self.index.locale).exclude(
            translation_key__in=here.values("translation_key")
        )
        return self.model.objects.filter(
            Q(pk__in=here.descendant_of(self.index).values("pk")) | Q(pk__in=elsewhere.values("pk"))
        )

    def prefetch(self, queryset):
        return queryset

    def sort_key(self, page):
        raise NotImplementedError

    def matching(self, rows, skip=None):
        return [
            row
            for row in rows
            if all(
                facet.matches(row, facet.selected)
                for facet in self.facets
                if facet.selected and facet is not skip
            )
        ]

    def querystring(self, **changes):
        params = {f.name: f.selected for f in self.facets if f.selected}
        params.update(changes)
        return urlencode({k: v for k, v in params.items() if v})

    def context(self):
        pages = list(self.prefetch(self.base_queryset()))
        rows = [self.row(page) for page in pages]
        for facet in self.facets:
            pool = self.matching(rows, skip=facet)
            facet.counts = {
                value: sum(1 for row in pool if facet.matches(row, value))
                for value, _label in facet.options
            }
        found = self.matching(rows)
        found.sort(key=lambda row: self.sort_key(row["page"]), reverse=True)
        paginator = Paginator([row["page"] for row in found], self.per_page)
        results = paginator.get_page(self.request.GET.get("page"))
        active = [f for f in self.facets if f.selected]
        return {
            "results": results,
            "total": paginator.count,
            "facets": self.facets,
            "active_filters": [
                {
                    "facet": f,
                    "label": dict(f.options)[f.selected],
                    "remove_url": "?" + self.querystring(**{f.name: ""}),
                }
                for f in active
            ],
            "filter_querystring": self.querystring(),
            "rows": rows,
            "matching_rows": found,
        }


class LessonFilter(ListingFilter):
    model = LessonPage

    def build_facets(self):
        return [
            Facet("strategy", _("Strategy"), _strategy_options(), multi_valued=True),
            Facet("actor", _("Actor type"), _actor_options(), multi_valued=True),
            Facet("province", _("Province"), _province_options()),
            Facet("sector", _("Sector"), list(Sector.choices)),
            Facet("year", _("Year"), self.year_options()),
        ]

    def year_options(self):
        years = LessonPage.objects.live().exclude(date=None).dates("date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def prefetch(self, queryset):
        return queryset.select_related(
            "area__parent__parent", "organisation", "locale"
        ).prefetch_related("strategies", "actor_types")

    def row(self, page):
        return {
            "page": page,
            "strategy": {str(s.number) for s in page.strategies.all()},
            "actor": {a.code for a in page.actor_types.all()},
            "province": _province_code(page.area),
            "sector": page.sector,
            "year": str(page.date.year) if page.date else None,
        }

    def sort_key(self, page):
        return (page.date or page.first_published_at.date(), page.pk)


class ExchangeFilter(ListingFilter):
    model = ExchangeVisitPage

    def build_facets(self):
        return [
            Facet("province", _("Province (host or visitor)"), _province_options(), True),
            Facet("strategy", _("Strategy"), _strategy_options(), multi_valued=True),
            Facet("year", _("Year"), self.year_options()),
        ]

    def year_options(self):
        years = ExchangeVisitPage.objects.live().dates("start_date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def prefetch(self, queryset):
        return queryset.select_related("area__parent__parent", "locale").prefetch_related(
            "strategies", "visitors__area__parent__parent"
        )

    def row(self, page):
        host = _province_code(page.area)
        sent = {_province_code(v.area) for v in page.visitors.all()}
        return {
            "page": page,
            "host": host,
            "sent": sent,
            "province": ({host} if host else set()) | sent,
            "strategy": {str(s.number) for s in page.strategies.all()},
            "year": str(page.start_date.year),
        }

    def sort_key(self, page):
        return (page.start_date, page.pk)

    def context(self):
        context = super().context()
        province_facet = self.facets[0]
        pool = self.matching(context["rows"], skip=province_facet)
        by_province = []
        for code, name in province_facet.options:
            hosted = sum(1 for row in pool if row["host"] == code)
            sent = sum(1 for row in pool if code in row["sent"])
            if hosted or sent:
                by_province.append({"code": code, "name": name, "hosted": hosted, "sent": sent})
        by_province.sort(key=lambda p: (-(p["hosted"] + p["sent"]), p["name"]))
        top = max([max(p["hosted"], p["sent"]) for p in by_province], default=0)
        for entry in by_province:
            entry["hosted_pct"] = round(100 * entry["hosted"] / top) if top else 0
            entry["sent_pct"] = round(100 * entry["sent"] / top) if top else 0
        context["by_province"] = by_province
        return context
