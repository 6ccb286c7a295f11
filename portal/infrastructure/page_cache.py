"""Whole pages for anonymous visitors, kept in the shared cache, with ETag and Last-Modified.

What is cached: the answer to a GET or HEAD of a Wagtail page (the ``wagtail_serve`` view) under a
language prefix (``/km/…``, ``/en/…``: the language is in the key by construction), by a request
without a session cookie or an ``Authorization`` header, that is a 200 setting no cookie, whose
page did not ask for a CSRF token (a form) or a Content-Security-Policy nonce (an inline script),
and that does not say ``private``/``no-store``/``no-cache``. A logged-in or personalised page is
therefore never cached, and never served from the cache: a visitor with a session cookie always
gets the page built for them.

Invalidation: one *generation* in the shared cache is part of every page's key. Any change that
can show on a public page (a page saved, published, unpublished, moved or deleted, a translation
published, a snippet or a site setting saved or deleted, a site, locale or view restriction
changed, a row saved or deleted of any other model that says ``shows_on_pages = True``, such as
a guidebook's editions and PDF) sets a new generation, at once and again after the transaction
commits (a request that read the old rows while the change was being written may have stored
them under the generation set first). Why a generation and not one key per page:
docs/decisions/0011-page-cache.md. The same generation keeps the rows every page reads around
its content (``memo.py``).

Conditional requests: a page served from here or stored here carries an ``ETag`` (a hash of its
body) and a ``Last-Modified`` (when it was built); ``If-None-Match`` / ``If-Modified-Since``
that match are answered 304 without building the page.

With the cache down (``portal.infrastructure.cache``), the generation cannot be read, so no page
is looked up or stored: every page is built, as without this middleware.
"""

import hashlib
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from . import memo

GENERATION_KEY = "page-cache:generation"
#: Headers of the answer kept with the body (the rest are added again on the way out).
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "X-Frame-Options")
HIT_HEADER = "X-Page-Cache"


def seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def generation(create=True):
    """The current generation, or None when the cache cannot be reached."""
    value = cache.get(GENERATION_KEY)
    if value is None and create:
        cache.add(GENERATION_KEY, secrets.token_hex(8), None)
        value = cache.get(GENERATION_KEY)
    return value


def invalidate():
    """Forget every cached page (a new generation), now and after the transaction commits."""
    memo.forget()
    _new_generation()
    transaction.on_commit(_new_generation)


def _new_generation():
    cache.set(GENERATION_KEY, secrets.token_hex(8), None)


def _language_prefixed(path):
    first = path.lstrip("/").split("/", 1)[0]
    return first in dict(settings.LANGUAGES)


def _anonymous(request):
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _key(request, gen):
    raw = f"{request.get_host()}|{request.get_full_path()}"
    return f"page-cache:{gen}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _storable(request, response):
    match = getattr(request, "resolver_match", None)
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and match is not None
        and match.url_name == "wagtail_serve"
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not isinstance(getattr(request, "_csp_nonce", None), str)
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def _validators(response, etag, last_modified):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # Browsers keep the page but ask again each time, with the validators, so a reload costs a
    # 304; a visitor who logs in meanwhile gets their own page (the request then has a cookie).
    patch_cache_control(response, max_age=0, must_revalidate=True)


class PageCacheMiddleware:
    """Serve and store anonymous Wagtail pages (see the module's docstring). Placed before the
    session, locale and authentication middleware, so a hit skips them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (
            seconds()
            and request.method in ("GET", "HEAD")
            and _anonymous(request)
            and _language_prefixed(request.path_info)
        ):
            return self.get_response(request)
        gen = generation()
        memo.known_generation(gen)  # the rows kept per generation: one read of it per request
        key = _key(request, gen) if gen is not None else None
        entry = cache.get(key) if key else None
        if entry is not None:
            return self._from_entry(request, entry)
        response = self.get_response(request)
        if key and _storable(request, response):
            body = response.content
            entry = {
                "body": body,
                "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
                "etag": f'"{hashlib.sha256(body).hexdigest()[:32]}"',
                "last_modified": int(time.time()),
            }
            cache.set(key, entry, seconds())
            _validators(response, entry["etag"], entry["last_modified"])
            response[HIT_HEADER] = "miss"
        return response

    def _from_entry(self, request, entry):
        response = HttpResponse(entry["body"])
        for name, value in entry["headers"].items():
            response[name] = value
        _validators(response, entry["etag"], entry["last_modified"])
        response[HIT_HEADER] = "hit"
        conditional = get_conditional_response(
            request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
        )
        return conditional


def _shows_on_pages(model):
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import BaseViewRestriction, Locale, Page, Site
    from wagtail.snippets.models import get_snippet_models

    return (
        issubclass(
            model,
            (
                Page,
                Site,
                Locale,
                BaseViewRestriction,
                BaseGenericSetting,
                BaseSiteSetting,
                AbstractImage,
                AbstractDocument,
            ),
        )
        or model in get_snippet_models()
        or getattr(model, "shows_on_pages", False)
    )


def _saved_or_deleted(sender, instance=None, raw=False, **kwargs):
    if not raw and _shows_on_pages(sender):
        invalidate()


def _page_changed(sender, **kwargs):
    invalidate()


def connect():
    """Invalidate on every change that can show on a public page (see the module's docstring).

    ``post_save``/``post_delete`` for every model, filtered by kind (a page, a snippet, a
    setting, a site, a locale, an image or document, a model with ``shows_on_pages``): Wagtail
    saves the page on publish, unpublish and every revision; moves update rows in bulk, hence
    ``post_page_move``."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_save.connect(_saved_or_deleted, dispatch_uid="page-cache-save")
    post_delete.connect(_saved_or_deleted, dispatch_uid="page-cache-delete")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_page_changed, dispatch_uid=f"page-cache-{id(signal)}")
