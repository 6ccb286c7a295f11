from django.core.management.base import BaseCommand

from portal.admin_catalogue import SCREENS, THRESHOLD, measure


class Command(BaseCommand):
    """Print how much of the Wagtail admin editors, reviewers and contributors use is in Khmer.

    The strings of each screen group come from the installed Wagtail's own English catalogues
    (their `#:` source references, filtered by the paths in `portal.admin_catalogue.SCREENS`);
    a string is translated when the site's Khmer catalogue has it. `--missing` lists the rest,
    msgid by msgid, to translate in `locale/km/LC_MESSAGES/django.po` (or `djangojs.po`).
    """

    help = "Coverage of the Wagtail admin screens in scope by the Khmer catalogue"

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="list untranslated msgids")
        parser.add_argument("--group", choices=list(SCREENS), help="only this screen group")

    def handle(self, *args, **options):
        coverage = measure()
        groups = [options["group"]] if options["group"] else list(SCREENS)
        width = max(len(g) for g in SCREENS)
        for group in [*groups, None]:
            done, total, percent = coverage.figure(group)
            name = group or "all screens in scope"
            self.stdout.write(f"{name:<{width}}  {done:>4} / {total:<4} {percent:5.1f} %")
        if percent < THRESHOLD:
            self.stdout.write(self.style.WARNING(f"below the {THRESHOLD} % threshold"))
        if options["missing"]:
            for group in groups:
                for message in coverage.missing(group):
                    context = f" [{message.context}]" if message.context else ""
                    self.stdout.write(f"{group}\t{message.domain}{context}\t{message.msgid!r}")
