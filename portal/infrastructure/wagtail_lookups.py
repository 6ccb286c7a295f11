"""Wagtail's lookups of the site, the locale, the view restrictions and the page of a URL.

Wagtail asks the database for these on every page it serves: the Site of the request
(``Site.find_for_request``), the Locale of a language (``Locale.get_active()``/``get_default()``:
every ``.localized`` snippet in a template asks), and the view restrictions (``check_view_
restrictions`` before a page is served: the ancestors' ``alias_of``, then the restrictions; and
``PageQuerySet.public()``: every restriction with its page). They change only when an editor
changes a site, a locale or a page's privacy, each of which sets a new page-cache generation, so
they are read once per generation (``memo.remember``) and answered here in Python with Wagtail's
own rules. Checked against Wagtail 8.0.1:

- a site: ``get_site_for_hostname``'s ranking (hostname and port, then hostname of the default
  site, then the default site, then the hostname), over every Site (one statement);
- a locale: ``LocaleManager.get_for_language`` over every Locale (one statement);
- view restrictions: a page is restricted when it or an ancestor (an alias standing for its
  source page) carries a restriction; a page that is not gets an empty queryset without a
  statement, a page that is gets Wagtail's own answer; ``public()`` excludes the restricted
  sections read once (one statement, two when a section is restricted).

The page of a URL: Wagtail's ``route_for_request`` walks down from the site's root in the
language shown (``root_page.localized``), two statements per level (the child, then its specific
row): eight for a guidebook section. While no page type routes its own sub-paths (none overrides
``Page.route``), the page at a URL is the page whose ``url_path`` it is below that root, so it is
found by its ``url_path`` in one statement, which brings along its translations for the language
switcher (``translations``) and its ancestors for the breadcrumbs (``ancestors``), and its
specific row in a second. A URL that finds no live page
that way goes to Wagtail's route, which answers as before (a draft stays 404).
"""

import functools

from django.db.models import Q
from django.http import Http404
from django.http.request import split_domain_port

from . import memo

# get_site_for_hostname's ranks, best first.
_HOSTNAME_PORT, _HOSTNAME_DEFAULT, _DEFAULT, _HOSTNAME = range(4)


def find_site(sites, hostname, port):
    """The site Wagtail's ``get_site_for_hostname(hostname, port)`` picks among ``sites``, or
    None where it raises ``Site.DoesNotExist``."""
    ranked = []
    for site in sites:
        if site.hostname == hostname and site.port == port:
            rank = _HOSTNAME_PORT
        elif site.hostname == hostname and site.is_default_site:
            rank = _HOSTNAME_DEFAULT
        elif site.is_default_site:
            rank = _DEFAULT
        elif site.hostname == hostname:
            rank = _HOSTNAME
        else:
            continue
        ranked.append((rank, site))
    ranked.sort(key=lambda pair: pair[0])
    if not ranked:
        return None
    if len(ranked) == 1 or ranked[0][0] in (_HOSTNAME_PORT, _HOSTNAME_DEFAULT):
        return ranked[0][1]
    if ranked[0][0] == _DEFAULT:
        # One other site with the hostname wins over the default; several do not.
        return ranked[len(ranked) == 2][1]
    return None


def _sites():
    from wagtail.models import Site

    return list(Site.objects.select_related("root_page"))


def _site_for_request(request):
    hostname = split_domain_port(request._get_raw_host())[0]
    return find_site(memo.remember("sites", _sites), hostname, request.get_port())


def _read_locales():
    from wagtail.models import Locale

    return {locale.language_code: locale for locale in Locale.objects.all()}


def locales():
    """``{language code: Locale}``, every Locale, read once per page-cache generation."""
    return memo.remember("locales", _read_locales)


def _get_for_language(manager, language_code):
    from wagtail.coreutils import get_supported_content_language_variant

    code = get_supported_content_language_variant(language_code)
    locale = locales().get(code)
    if locale is None:
        raise manager.model.DoesNotExist(f"No locale for the language {code!r}.")
    return locale


def view_restrictions():
    """``{"sections": [the restricted pages], "guards": [(path, page id restricted)]}``: each
    page whose subtree a restriction covers, by Wagtail's alias rule (an alias stands for its
    source page, and a restriction on an alias itself counts for nothing)."""

    def read():
        from wagtail.models import Page, PageViewRestriction

        restrictions = list(PageViewRestriction.objects.select_related("page"))
        sections = [restriction.page for restriction in restrictions]
        restricted = {page.pk for page in sections}
        guards = [(page.path, page.pk) for page in sections if page.alias_of_id is None]
        if restricted:
            guards += [
                (path, source)
                for path, source in Page.objects.filter(alias_of_id__in=restricted).values_list(
                    "path", "alias_of_id"
                )
            ]
        return {"sections": sections, "guards": guards}

    return memo.remember("view-restrictions", read)


@functools.cache
def _custom_routes():
    from wagtail.models import Page, get_page_models

    return [model for model in get_page_models() if model.route is not Page.route]


def _localized_root(site):
    """``(path, url_path)`` of the site's root page in the language shown, as Wagtail's
    ``route_for_request`` takes it (``root_page.localized``: a live translation, else the root)."""
    from django.utils.translation import get_language

    def read():
        root = site.root_page.localized
        return root.path, root.url_path

    return memo.remember(("localized-root", site.pk, get_language()), read)


def find_route(request, path):
    """Wagtail's ``RouteResult`` for ``path`` in two statements, or None where only Wagtail's
    route can tell (see the module's docstring). The first brings along the page's translations
    and its ancestors up to the root (``translations``, ``ancestors``)."""
    from wagtail.models import Page, Site

    if _custom_routes():
        return None
    site = Site.find_for_request(request)
    if site is None:
        return None
    root_path, root_url_path = _localized_root(site)
    components = [component for component in path.split("/") if component]
    url_paths = [root_url_path]
    for component in components:
        url_paths.append(f"{url_paths[-1]}{component}/")
    url_path = url_paths[-1]
    here = Q(path__startswith=root_path)
    same_page = Page.objects.filter(here, url_path=url_path)
    rows = list(
        Page.objects.filter(
            Q(translation_key__in=same_page.values("translation_key")[:1])
            | here & Q(url_path__in=url_paths[:-1])
        )
        .select_related("locale")
        .order_by("path")
    )
    page = next(
        (row for row in rows if row.url_path == url_path and row.path.startswith(root_path)),
        None,
    )
    if page is None or not page.live:
        return None
    request._portal_route = {
        "page": page.pk,
        "translations": {
            row.locale.language_code: row
            for row in rows
            if row.live and row.translation_key == page.translation_key
        },
        # Above the root, only Wagtail's root page (depth 1) where the root is a home page.
        "ancestors": [row for row in rows if page.path.startswith(row.path) and row != page]
        if len(root_path) == 2 * Page.steplen
        else None,
    }
    return page.specific.route(request, [])


def _routed(request, page, what):
    found = getattr(request, "_portal_route", None)
    if found is not None and found["page"] == page.pk:
        return found[what]
    return None


def translations(request, page):
    """``{language code: page}``: the live translations of ``page``, itself included (read with
    the page's route when it was routed here, else in one statement)."""
    from wagtail.models import Page

    found = _routed(request, page, "translations")
    if found is not None:
        return found
    return {
        row.locale.language_code: row
        for row in Page.objects.filter(translation_key=page.translation_key, live=True)
        .select_related("locale")
        .only("id", "path", "depth", "url_path", "translation_key", "locale__language_code")
    }


def ancestors(request, page):
    """The ancestors of ``page`` below Wagtail's root page (depth 1), top first, as base
    ``Page`` rows (read with the page's route when it was routed here, else in one
    statement)."""
    found = _routed(request, page, "ancestors")
    if found is not None:
        return found
    return list(page.get_ancestors().filter(depth__gt=1))


def connect():
    """Put the memo under Wagtail's lookups (see the module's docstring)."""
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.models.i18n import LocaleManager
    from wagtail.query import PageQuerySet

    if getattr(Site._find_for_request, "_memo", False):
        return
    Site._find_for_request = staticmethod(_site_for_request)
    Site._find_for_request._memo = True
    LocaleManager.get_for_language = _get_for_language

    wagtail_get_view_restrictions = Page.get_view_restrictions

    def get_view_restrictions(self):
        if not self.path or any(
            self.path.startswith(path) for path, _ in view_restrictions()["guards"]
        ):
            return wagtail_get_view_restrictions(self)
        return PageViewRestriction.objects.none()

    def private_q(self):
        q = Q()
        for page in view_restrictions()["sections"]:
            q |= self.descendant_of_q(page, inclusive=True)
        return q if q else Q(pk__in=[])

    Page.get_view_restrictions = get_view_restrictions
    PageQuerySet.private_q = private_q

    wagtail_route_for_request = Page.route_for_request

    def route_for_request(request, path):
        if not hasattr(request, "_wagtail_route_for_request"):
            try:
                found = find_route(request, path)
            except Http404:
                found = None
            if found is not None:
                request._wagtail_route_for_request = found
        return wagtail_route_for_request(request, path)

    Page.route_for_request = staticmethod(route_for_request)
