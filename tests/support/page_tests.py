"""Wagtail's page assertions, made aware of the /km/ and /en/ URL prefixes."""

from django.http import Http404
from django.utils import translation
from wagtail.test.utils import WagtailPageTestCase


class BilingualPageTestCase(WagtailPageTestCase):
    """``assertPageIsRoutable`` routes a page's URL without its language prefix, in its language.

    Wagtail's own version routes the full path (``/km/about/``) from the site root, which fails
    for every page once URLs carry the language.
    """

    def login(self):
        # The test client's login() passes no request, which django-axes refuses.
        user = self.create_superuser("editor-admin", password="pw")
        self.client.force_login(user)
        return user

    def assertPageIsRoutable(self, page, route_path="/", msg=None):
        language = page.locale.language_code
        with translation.override(language):
            path = page.get_url(self.dummy_request)
            prefix = f"/{language}/"
            self.assertTrue(path.startswith(prefix), f"{path} does not start with {prefix}")
            path = path[len(prefix) - 1 :]
            if route_path != "/":
                path = path.rstrip("/") + "/" + route_path.lstrip("/")
            site = page.get_site()
            self.assertIsNotNone(site, f"{page} belongs to no site")
            components = [part for part in path.split("/") if part]
            try:
                routed, _args, _kwargs = site.root_page.localized.specific.route(
                    self.dummy_request, components
                )
            except Http404 as error:
                raise self.failureException(
                    msg or f"Failed to route to {path} for {page}"
                ) from error
            self.assertEqual(routed.specific.pk, page.pk, msg)

    def assertPageIsRenderable(self, page, route_path="/", **kwargs):
        with translation.override(page.locale.language_code):
            super().assertPageIsRenderable(page, route_path, **kwargs)
