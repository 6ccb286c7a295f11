"""The search page and its as-you-type suggestions (the JSON API is search/api.py)."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import hints, results

API_HEADERS = {"Cache-Control": "no-store"}


def _language(request):
    return translation.get_language() or "km"


@require_GET
def search(request):
    """The search page: one box, filters with counts, results with highlighted snippets."""
    search_request = results.SearchRequest.from_params(request.GET, _language(request))
    outcome = results.run(search_request)
    context = {
        "query": search_request.query,
        "search": search_request,
        "outcome": outcome,
        "hidden_filters": {
            k: v for k, v in search_request.params().items() if k not in ("q", "locale")
        },
        "filtered": any(getattr(search_request, name) for name in results.TAG_FILTERS),
        "facet_groups": _facet_groups(search_request, outcome),
        "other_language_href": (
            f"/{outcome.other_language['locale']}/search/?"
            + urlencode(outcome.other_language["params"])
            if outcome.other_language
            else ""
        ),
        "did_you_mean_href": _href(search_request, q=outcome.did_you_mean)
        if outcome.did_you_mean
        else "",
    }
    return render(request, "search/search.html", context)


def _href(search_request, **override):
    params = search_request.params(**override)
    params.pop("locale", None)  # the page's URL carries the language
    return "?" + urlencode(params)


def _facet_groups(search_request, outcome):
    titles = {
        "type": _("Type"),
        "strategy": _("Strategy"),
        "actor": _("Actor type"),
        "province": _("Capital/province"),
    }
    groups = []
    for name, title in titles.items():
        current = getattr(search_request, name)
        items = [
            {
                **item,
                "selected": item["value"] == current,
                "href": _href(
                    search_request, **{name: "" if item["value"] == current else item["value"]}
                ),
            }
            for item in outcome.facets.get(name, [])
        ]
        if items:
            groups.append({"name": name, "title": title, "items": items})
    # The language is the page's URL: the other language is a link there, with the same search.
    languages = [
        {
            **item,
            "selected": item["value"] == search_request.locale,
            "href": ""
            if item["value"] == search_request.locale
            else f"/{item['value']}/search/{_href(search_request)}",
        }
        for item in outcome.facets.get("language", [])
    ]
    if languages:
        groups.append({"name": "language", "title": _("Language"), "items": languages})
    return groups


@require_GET
def suggest(request):
    """Titles completing what the user is typing: ``{"suggestions": [{"title", "url"}]}``."""
    locale = request.GET.get("locale") or _language(request)
    if locale not in dict(results.settings.LANGUAGES):
        locale = _language(request)
    found = hints.suggestions(request.GET.get("q", ""), locale)
    return JsonResponse(
        {"suggestions": found}, headers=API_HEADERS, json_dumps_params={"ensure_ascii": False}
    )
