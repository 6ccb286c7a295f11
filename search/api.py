"""The search app's router of the portal's API: search over everything as JSON, for clients
other than the search page. Mounted by config/api.py at /api/search/, and served with the
URL's language at /km/search/api/ and /en/search/api/ too."""

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from portal.api import ErrorOut, invalid_parameters

from . import results

router = Router(tags=["search"])


class SearchIn(Schema):
    q: str = ""
    locale: str = ""
    type: str = ""
    strategy: str = ""
    actor: str = ""
    province: str = ""
    page: str = ""


class ResultOut(Schema):
    title: str
    url: str
    place: str = Field(description="Where the page is: its ancestors' titles (Guidebook › Chapter)")
    type: str
    locale: str
    snippet: str


class FacetOut(Schema):
    value: str
    label: str
    count: int


class OtherLanguageOut(Schema):
    locale: str
    count: int


class SearchOut(Schema):
    query: str
    count: int
    page: int
    num_pages: int
    results: list[ResultOut]
    facets: dict[str, list[FacetOut]]
    did_you_mean: str | None
    other_language: OtherLanguageOut | None


@router.get(
    "/",
    response={200: SearchOut, 400: ErrorOut},
    auth=None,
    summary="Search pages, lessons, exchanges and the guidebook, in Khmer or English",
)
def search(request, response: HttpResponse, params: Query[SearchIn]):
    """``locale`` is the language searched (``km`` or ``en``; by default the request's:
    Accept-Language on /api/search/, the URL's on /km/search/api/); ``type``, ``strategy``,
    ``actor`` and ``province`` filter; ``page`` is the page of ten wanted (the last one for a
    number past the end, the first for one that is not a number).

    ``snippet`` is HTML: the page's text, escaped, with matched words in ``<mark>``; ``facets``
    counts the results by type, strategy, actor, province and language. An unknown ``locale``
    is a 400 naming it; other parameters fall back to their defaults."""
    response["Cache-Control"] = "no-store"
    errors = _invalid_params(request.GET)
    if errors:
        return Status(400, invalid_parameters(errors))
    search_request = results.SearchRequest.from_params(
        request.GET, translation.get_language() or "km"
    )
    with translation.override(search_request.locale):
        payload = results.run(search_request).as_json()
    payload["query"] = search_request.query
    return payload


def _invalid_params(params):
    """``[{"field", "message"}]`` for the parameters an API client must correct.

    A language the portal does not have is refused rather than searched in another language;
    the search page, whose URL carries its language, falls back to that instead. Other
    parameters fall back to their defaults (a page number that is not one is page 1).
    """
    errors = []
    locale = params.get("locale")
    languages = dict(settings.LANGUAGES)
    if locale and locale not in languages:
        errors.append(
            {
                "field": "locale",
                "message": _("unknown language “%(value)s”; use one of: %(choices)s")
                % {"value": locale[:32], "choices": ", ".join(languages)},
            }
        )
    return errors
