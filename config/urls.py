from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import views as portal_views
from search import views as search_views
from training.api import api as training_api

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # JSON APIs carry no language prefix: the language is a parameter, not part of the URL.
    path("api/search/", search_views.api, name="search-api"),
    path("api/training/", training_api.urls),
    path("favicon.ico", portal_views.favicon),
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
    path("accounts/", include("accounts.urls")),
    path("search/", include("search.urls")),
    path("training/", include("training.urls")),
    path("knowledge/", include("knowledge_base.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
