"""What every page shows around its content: the home page's address and the menu (the home
page's live, public children in the menu) in the language shown, the contact details and the
privacy notice (the home page's child with the slug "privacy").

Built once per language and host in each process for each page-cache generation
(``portal.infrastructure.memo``), which every change to pages, snippets and settings renews: the
menu costs nothing on a page, whatever the size of the site, and is never older than the
content. The page built first after an edit pays 2 statements (the home pages and their
children, the contact details); with the cache down, every request does.
"""

from django.utils.translation import get_language
from wagtail.models import Page

from .infrastructure import memo
from .models import ContactSettings

#: The slug of the privacy notice, a standard page under the home page that editors write.
PRIVACY_SLUG = "privacy"


def _build(request, language):
    # The home pages and their children in one query (``public()``'s view restrictions come from
    # the memo): the menu and the privacy notice are picked from it.
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
    "privacy": {"title", "url"} or None}`` for the language being shown."""
    language = get_language()
    host = request.get_host() if request is not None else None
    return memo.remember(("site-chrome", host, language), lambda: _build(request, language))
