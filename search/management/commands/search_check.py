from django.core.management.base import BaseCommand, CommandError

from search.index_check import check


class Command(BaseCommand):
    """Report searchable pages missing from or stale in the search index; non-zero if any.

    ``--fix`` re-indexes those pages now. To rebuild the whole index, use Wagtail's
    ``manage.py update_index`` (it goes through the same Khmer pipeline).
    """

    help = "Report pages missing from or stale in the search index (exit 1 if any)."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="re-index the pages found")

    def handle(self, *args, fix=False, **options):
        problems = 0
        for report in check(fix=fix):
            for label, pages in (("missing", report.missing), ("stale", report.stale)):
                for page in pages:
                    self.stdout.write(
                        f"{report.backend}: {label}: page {page.pk} "
                        f"[{page.locale.language_code}] {page.title}"
                    )
            problems += len(report.problems)
            self.stdout.write(
                f"{report.backend}: {report.checked} pages checked, "
                f"{len(report.missing)} missing, {len(report.stale)} stale"
            )
        if problems:
            raise CommandError(f"{problems} page(s) missing or stale in the search index")
