from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from knowledge_base.editions import EditionRefused, parse_date, publish_edition
from knowledge_base.guidebook_import import (
    GuidebookTitleDiffers,
    ImportRefused,
    parse_file,
    write_guidebook,
)


class Command(BaseCommand):
    """Import a guidebook from Markdown (.md) or Word (.docx) into one language.

    ``#`` / Heading 1 become chapters and ``##`` / Heading 2 their sections. The whole file is
    checked before anything is written; a refused file changes nothing. Importing the same file
    again updates the pages in place and keeps their URLs (see knowledge_base.guidebook_import).

    The guidebook is the one at ``--slug`` (``guidebook`` by default). If one is there already
    under another title than ``--title``, the import is refused rather than overwrite it:
    ``--slug`` imports a new guidebook beside it, ``--replace`` updates it under the new title.

    ``--edition N`` (with ``--summary`` and ``--date``) publishes the imported text as edition N
    of the guidebook, in the same transaction: an edition number already used, or not after the
    latest edition, refuses the whole import, pages included (knowledge_base.editions).
    """

    help = "Import a guidebook from a Markdown or .docx file"

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--locale", default="km", help="language of the file (km or en)")
        parser.add_argument("--title", help="the guidebook's title")
        parser.add_argument(
            "--slug",
            default="guidebook",
            help="the guidebook's URL slug (default: guidebook); a new slug makes a new guidebook",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="update the guidebook at --slug even if its title is not --title: it takes the "
            "new title, and its pages not in the file are unpublished",
        )
        parser.add_argument(
            "--edition",
            type=int,
            help="publish the imported guidebook as this edition (after the latest one)",
        )
        parser.add_argument("--summary", default="", help="what changed in this edition")
        parser.add_argument("--date", help="the edition's date, YYYY-MM-DD (default: today)")

    def handle(self, path, locale, title, slug, replace, edition, summary, date, **options):
        published = None
        try:
            if edition is None and (summary or date):
                raise EditionRefused(_("--summary and --date describe an edition: add --edition."))
            published_on = parse_date(date) if date else None
            parsed = parse_file(path)
            with transaction.atomic():
                report = write_guidebook(
                    parsed, locale_code=locale, title=title, slug=slug, replace=replace
                )
                if edition is not None:
                    published = publish_edition(
                        report.guidebook,
                        number=edition,
                        summary=summary,
                        published_on=published_on,
                    )
        except EditionRefused as refused:
            nothing = _("Nothing was imported.")
            raise CommandError(f"{path}: {refused.reason} {nothing}") from refused
        except GuidebookTitleDiffers as refused:
            advice = _(
                "To import it as a new guidebook, give it its own --slug; to update "
                "“%(existing)s” with this file (renaming it, and unpublishing its pages not in "
                "the file), add --replace."
            ) % {"existing": refused.existing.title}
            nothing = _("Nothing was imported.")
            raise CommandError(f"{path}: {refused.reason} {advice} {nothing}") from refused
        except ImportRefused as refused:
            units = {"line": _("line %(number)s"), "paragraph": _("paragraph %(number)s")}
            where = path
            if refused.line:
                where += ", " + units[refused.unit] % {"number": refused.line}
            nothing = _("Nothing was imported.")
            raise CommandError(f"{where}: {refused.reason} {nothing}") from refused
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.guidebook.title}: {len(parsed.chapters)} chapters, "
                f"{parsed.page_count() - len(parsed.chapters)} sections "
                f"({report.created} pages created, {report.updated} updated, "
                f"{report.unpublished} unpublished). URL: {report.guidebook.url}"
            )
        )
        if published is not None:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Published as edition %(number)s of %(date)s; its PDF is being made.")
                    % {"number": published.number, "date": published.published_on.isoformat()}
                )
            )
