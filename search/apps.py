from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "portal_search"
    verbose_name = _("Search")

    def ready(self):
        from .fields import install_khmer_fields
        from .signals import take_over_index_updates

        # Every page type joins Khmer-aware search by declaring plain SearchFields.
        install_khmer_fields()
        # Index updates go through our Celery tasks, enqueued on commit, with retries.
        take_over_index_updates()
