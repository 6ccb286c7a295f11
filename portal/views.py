import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.infrastructure import workbox


def favicon(request):
    """Browsers ask for /favicon.ico by themselves, whatever the page says: send them to the
    static icon, under its hashed name in production, so it is cached like any static file.
    A temporary redirect: a permanent one would pin browsers to one hashed name."""
    return redirect(static("favicon.ico"))


@require_GET
def service_worker(request):
    """The service worker, at /sw.js so that its scope is the whole site (a worker controls
    only the pages under its own address). Never cached by the browser's HTTP cache, so a new
    version is seen on the next visit; it imports Workbox under the hashed static names of the
    production build. 404 where set-up has not installed Workbox (no npm): no offline mode."""
    names = workbox.static_names()
    if not all(finders.find(name) for name in names) and not _collected(names):
        raise Http404("Workbox is not installed")
    response = render(
        request,
        "portal/sw.js",
        {
            "config": json.dumps(
                {
                    "workbox": [static(name) for name in names],
                    "cache": workbox.OFFLINE_CACHE,
                    "static": settings.STATIC_URL,
                    "media": settings.MEDIA_URL,
                }
            ),
        },
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return response


def _collected(names):
    try:
        return all(staticfiles_storage.exists(name) for name in names)
    except Exception:  # a storage that cannot answer: as if not collected
        return False


@require_GET
def web_manifest(request):
    """The web app manifest, in the URL's language: installing the portal on a phone's home
    screen (no app store) opens the learner's courses."""
    language = get_language()
    body = {
        "name": _("ISAF knowledge and training portal"),
        "short_name": _("ISAF portal"),
        "lang": language,
        "dir": "ltr",
        "start_url": reverse("training:dashboard"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5394",
        "icons": [{"src": static("img/emblem.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response
