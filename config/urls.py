from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import views as portal_views

from .api import api

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The JSON API carries no language prefix: the language is a parameter, not part of the
    # URL. One document for all of it at /api/openapi.json; the training part alone stays at
    # the address the mobile app was given.
    path(
        "api/training/openapi.json",
        api.schema_view("/api/training/"),
        name="api-training-openapi",
    ),
    path("api/", api.urls),
    path("favicon.ico", portal_views.favicon),
    # At the root: a service worker controls only the pages under its own address.
    path("sw.js", portal_views.service_worker, name="service-worker"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    from portal.infrastructure import media

    urlpatterns += staticfiles_urlpatterns()
    # Uploads with nosniff, and as downloads unless an image (portal/infrastructure/media.py).
    urlpatterns += static(settings.MEDIA_URL, view=media.serve, document_root=settings.MEDIA_ROOT)

# Every public URL carries its language: /km/… and /en/….
urlpatterns += i18n_patterns(
    # The search API with the URL's language (as the search page has it).
    path("search/api/", api.view_named("search_search"), name="search-api-localized"),
    path("manifest.webmanifest", portal_views.web_manifest, name="web-manifest"),
    path("accounts/", include("accounts.urls")),
    path("search/", include("search.urls")),
    path("training/", include("training.urls")),
    path("knowledge/", include("knowledge_base.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
