import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from portal.translations.tracking import track_all

# Each app that has demo content offers ``<app>.demo.load(command)``; they run in this order so
# that later content can point at earlier content (courses link to guidebook sections, …).
DEMO_APPS = ["portal", "knowledge_base", "training", "search"]


class Command(BaseCommand):
    """Create demo content in Khmer and English for every page type, idempotently.

    Running it again updates the demo content in place and creates no duplicates, so the
    set-up command can call it on every start.
    """

    help = "Load (or refresh) bilingual demo content"

    @transaction.atomic
    def handle(self, *args, **options):
        for label in DEMO_APPS:
            if not apps.is_installed(label):
                continue
            try:
                module = importlib.import_module(f"{label}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{label}.demo":
                    raise
                continue
            module.load(self)
        # The demo's translations were made by copying; wagtail-localize tracks them from here
        # (Reports → Translations, the translation status view, syncing).
        tracked = track_all(overwrite=True)
        self.stdout.write(f"{len(tracked)} translations tracked by wagtail-localize.")
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
