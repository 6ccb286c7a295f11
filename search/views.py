"""The search page, its JSON API and the as-you-type suggestions."""

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
def api(request):
    """``GET …/api/search/?q=&locale=&type=&strategy=&actor=&province=&page=`` as JSON.

    ``{"count", "page", "num_pages", "results": [{"title", "url", "type", "locale", "snippet",
    "place"}], "facets": {type, strategy, actor, province, language}, "did_you_mean",
    "other_language"}``.
    ``snippet`` is HTML: the page's text, escaped, with matched words in ``<mark>``. ``page`` is
    the page served (the last one for a number past the end). An unknown ``locale`` is a 400:
    ``{"detail", "errors": [{"field", "message"}]}``.
    """
    errors = _invalid_params(request.GET)
    if errors:
        detail = _("invalid parameters: %(fields)s") % {
            "fields": ", ".join(error["field"] for error in errors)
        }
        return JsonResponse(
            {"detail": detail, "errors": errors},
            status=400,
            headers=API_HEADERS,
            json_dumps_params={"ensure_ascii": False},
        )
    search_request = results.SearchRequest.from_params(request.GET, _language(request))
    with translation.override(search_request.locale):
        outcome = results.run(search_request)
        payload = outcome.as_json()
    for item in payload["results"]:
        item.pop("title_html", None)
        item.pop("type_label", None)
    if payload["other_language"]:
        payload["other_language"].pop("params", None)
    payload["query"] = search_request.query
    return JsonResponse(payload, headers=API_HEADERS, json_dumps_params={"ensure_ascii": False})


def _invalid_params(params):
    """``[{"field", "message"}]`` for the parameters an API client must correct (the shape of
    the training API's 400s).

    A language the portal does not have is refused rather than searched in another language;
    the search page, whose URL carries its language, falls back to that instead. Other
    parameters fall back to their defaults (a page number that is not one is page 1).
    """
    errors = []
    locale = params.get("locale")
    languages = dict(results.settings.LANGUAGES)
    if locale and locale not in languages:
        errors.append(
            {
                "field": "locale",
                "message": _("unknown language “%(value)s”; use one of: %(choices)s")
                % {"value": locale[:32], "choices": ", ".join(languages)},
            }
        )
    return errors


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
