"""What every page shows around its content: the home page's address and the menu (the home
page's live, public children in the menu) in the language shown, the contact details and the
privacy notice (the home page's child with the slug "privacy").

Built once per language and site, then kept in the shared cache under the page cache's
generation (``portal.infrastructure.page_cache``), which every change to pages, snippets and
settings renews: the menu costs one cache read per page, whatever the size of the site, and is
never older than the content. With the cache down it is built for each request (3 queries:
the home pages and their children, the view restrictions, the contact details).
"""

from django.core.cache import cache
from django.utils.translation import get_language
from wagtail.models import Page

from .infrastructure import page_cache
from .models import ContactSettings

SECONDS = 24 * 3600
#: The slug of the privacy notice, a standard page under the home page that editors write.
PRIVACY_SLUG = "privacy"


def _build(request, language):
    # The home pages and their children in one query (and one for ``public()``'s view
    # restrictions): the menu and the privacy notice are picked from it.
    pages = list(
        Page.objects.filter(depth__in=(2, 3), locale__language_code=language)
        .live()
        .public()
        .order_by("path")
    )
    home = next((page for page in pages if page.depth == 2), None)
    sections = []
    privacy = None
    if home is not None:
        children = [page for page in pages if page.depth == 3 and page.path.startswith(home.path)]
        sections = [
            {"title": child.title, "url": child.get_url(request=request)}
            for child in children
            if child.show_in_menus
        ]
        notice = next((child for child in children if child.slug == PRIVACY_SLUG), None)
        if notice is not None:
            privacy = {"title": notice.title, "url": notice.get_url(request=request)}
    contact = ContactSettings.load(request_or_site=request)
    return {
        "home_url": home.get_url(request=request) if home else f"/{language}/",
        "sections": sections,
        "contact": {"email": contact.email, "phone": contact.phone},
        "privacy": privacy,
    }


def site_chrome(request):
    """``{"home_url", "sections": [{"title", "url"}], "contact": {"email", "phone"},
    "privacy": {"title", "url"} or None}`` for the language being shown, memoised on the
    request."""
    language = get_language()
    memo = getattr(request, "_site_chrome", None) if request is not None else None
    if memo and memo[0] == language:
        return memo[1]
    generation = page_cache.generation()
    key = None
    if generation is not None and request is not None:
        key = f"site-chrome:{generation}:{request.get_host()}:{language}"
    chrome = cache.get(key) if key else None
    if chrome is None:
        chrome = _build(request, language)
        if key:
            cache.set(key, chrome, SECONDS)
    if request is not None:
        request._site_chrome = (language, chrome)
    return chrome
