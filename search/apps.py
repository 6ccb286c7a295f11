from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "portal_search"
    verbose_name = _("Search")

    def ready(self):
        from portal import khmer

        from . import text
        from .fields import install_khmer_fields
        from .signals import take_over_index_updates

        # The core offers this app's Khmer pipeline to the apps that may not import search.
        khmer.provide(text)

        # Every page type joins Khmer-aware search by declaring plain SearchFields.
        install_khmer_fields()
        # Index updates go through our Celery tasks, enqueued on commit, with retries.
        take_over_index_updates()
