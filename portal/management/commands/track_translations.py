from django.core.management.base import BaseCommand

from portal.translations.tracking import track_all

from .export_translations import section_page


class Command(BaseCommand):
    """Bring the translations made by copying a page (``copy_for_translation``, an imported
    English file) under wagtail-localize's tracking, so Reports → Translations and the
    translation status view follow them and they can be synced.

    Each copy's current text becomes the translation of the source's strings. Translations
    wagtail-localize tracks already are left alone. Running it again changes nothing.
    """

    help = "Track translations made by copying with wagtail-localize"

    def add_arguments(self, parser):
        parser.add_argument("section", nargs="?", help="only this section (slug) or page id")

    def handle(self, *args, section=None, **options):
        root = section_page(section) if section else None
        tracked = track_all(root)
        incomplete = [t for t in tracked if t.paired < t.total]
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(tracked)} translations tracked, {len(incomplete)} of them with strings "
                "that could not be paired (shown as out of date)."
            )
        )
