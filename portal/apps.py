from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import signals  # noqa: F401
        from .infrastructure import page_cache, request_locale
        from .infrastructure.security_headers import nonce_chooser_scripts

        nonce_chooser_scripts()
        page_cache.connect()
        request_locale.connect()
