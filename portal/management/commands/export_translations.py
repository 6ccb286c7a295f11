import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale, Page

from portal.translations import po_bundle, status


def section_page(section):
    """The default language's page a command names: a page id, or the slug of a section (a
    child of the home page), e.g. ``guidebook``."""
    pages = Page.objects.filter(locale=Locale.get_default())
    page = pages.filter(pk=int(section)).first() if section.isdigit() else None
    if page is None:
        page = status.sections().filter(slug=section).first()
    if page is None:
        raise CommandError(f"No page or section {section!r} in the default language.")
    return page


class Command(BaseCommand):
    """Write the whole text of a section (the guidebook, lessons, courses, or any page and the
    pages below it) as one PO file for a translator, with the translations made so far.

    Each entry's msgctxt names its page (``page-<id>/<field>``); ``#.`` comments give the
    page's title and the glossary terms the string contains. Pages not yet translated are
    submitted for translation (wagtail-localize), so their strings are in the file too. The
    translator fills the msgstr lines; ``import_translations`` reads the file back.
    """

    help = "Export a section's text for a translator as one PO file"

    def add_arguments(self, parser):
        parser.add_argument("section", help="a section's slug (guidebook, lessons, …) or a page id")
        parser.add_argument("--locale", default="en", help="the language to translate into")
        parser.add_argument("--output", "-o", type=Path, help="the file (default: standard output)")

    def handle(self, *args, section, locale, output, **options):
        root = section_page(section)
        target = Locale.objects.filter(language_code=locale).exclude(pk=root.locale_id).first()
        if target is None:
            raise CommandError(f"The portal does not translate into {locale!r}.")
        po = po_bundle.export(root, target)
        if output is None:
            sys.stdout.write(str(po))
        else:
            output.write_text(str(po), encoding="utf-8")
            self.stderr.write(f"{output}: {len(po)} strings of {root.title}.")
