from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.area_import import AreaImportError, import_areas


class Command(BaseCommand):
    """Load districts and communes (or provinces) from a CSV file.

    Columns: code,name_km,name_en,parent_code,level (level is province, district or commune).
    The file is checked whole first; any bad row refuses it with its line number and nothing is
    written. Importing the same file again changes nothing.
    """

    help = "Import administrative areas from CSV: code,name_km,name_en,parent_code,level"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        try:
            result = import_areas(raw)
        except AreaImportError as error:
            raise CommandError(f"{file}: {error}. {_('Nothing was imported.')}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{file}: "
                + _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                }
            )
        )
