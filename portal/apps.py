from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import signals  # noqa: F401
        from .infrastructure import memo, page_cache, wagtail_lookups
        from .infrastructure.security_headers import nonce_chooser_scripts

        nonce_chooser_scripts()
        page_cache.connect()
        memo.connect()
        wagtail_lookups.connect()
