from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page

from portal.infrastructure import wagtail_lookups
from portal.numerals import shown

register = template.Library()


@register.inclusion_tag("portal/includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """One entry per language: the same page in that language, or a plain 'not translated'."""
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    translations = {}
    if isinstance(page, Page):  # read with the page's route, or in one query
        translations = wagtail_lookups.translations(request, page)
    entries = []
    for code, name in settings.LANGUAGES:
        entry = {"code": code, "name": name, "current": code == current, "url": None}
        if isinstance(page, Page):
            translation = translations.get(code)
            if translation is not None:
                entry["url"] = translation.get_url(request=request)
        elif request is not None:
            entry["url"] = translate_url(request.get_full_path(), code)
        entries.append(entry)
    return {"entries": entries, "request": request}


@register.simple_tag(takes_context=True)
def home_url(context):
    """The home page in the current language."""
    from portal.navigation import site_chrome

    return site_chrome(context.get("request"))["home_url"]


@register.simple_tag
def script_nonce():
    """The request's Content-Security-Policy nonce, for an inline script in a template that is not
    given the request (a form widget's); elsewhere ``{{ request.csp_nonce }}`` does the same."""
    from portal.infrastructure.security_headers import current_nonce

    return current_nonce()


@register.simple_tag(takes_context=True)
def editor_bar(context):
    """Wagtail's user bar (about 1.2 MB of admin scripts) only in the admin's preview, where an
    editor checks a draft; on the public site an editor gets a plain "edit this page" link, and
    nobody else gets anything."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("wagtailadmin.access_admin"):
        return ""
    if getattr(request, "is_preview", False):
        from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

        return wagtailuserbar(context)
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk:
        return ""
    if not page.permissions_for_user(user).can_edit():
        return ""
    return format_html(
        '<p class="editor-bar"><a href="{}">{}</a></p>',
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        _("Edit this page"),
    )


@register.filter
def numerals(value):
    """``value`` in the digits of the language shown (``portal.numerals``)."""
    return shown(value)


@register.simple_tag
def offline_cache():
    """The name of the cache the service worker keeps downloaded pages in (portal/
    infrastructure/workbox.py), for the offline client that fills it."""
    from portal.infrastructure.workbox import OFFLINE_CACHE

    return OFFLINE_CACHE
