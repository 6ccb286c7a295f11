from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.translations import po_bundle


class Command(BaseCommand):
    """Read a translated PO file made by ``export_translations`` back into the portal.

    The whole file is checked first: a file that is not such an export, is not valid PO,
    names a page the portal does not have (or does not translate into the file's language),
    or holds a string its page no longer has, is refused with the reasons, and nothing is
    written. Otherwise, in one transaction, the translated strings are stored in
    wagtail-localize and every page whose strings changed is saved through it and published;
    pages whose strings did not change are left as they are.
    """

    help = "Import a translated PO file made by export_translations"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        try:
            report = po_bundle.import_file(content)
        except po_bundle.ImportRefused as refused:
            raise CommandError(
                f"{file}: refused, nothing was written.\n" + "\n".join(refused.errors)
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{file}: {report.strings_changed} strings changed in "
                f"{len(report.pages_changed)} pages; {report.pages_unchanged} pages unchanged."
            )
        )
