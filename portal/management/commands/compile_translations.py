import sys
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    """Compile the project's .po files to .mo without needing GNU gettext on the machine.

    Django's compilemessages calls msgfmt, which a fresh Debian machine may lack; polib does the
    same job in Python, so set-up needs nothing outside the virtual environment.
    """

    help = "Compile the project's and its apps' locale/*/LC_MESSAGES/*.po to .mo"

    def handle(self, *args, **options):
        count = 0
        # The project catalogue (base templates, portal) and each of our apps' own catalogues.
        project_apps = [
            Path(config.path) / "locale"
            for config in apps.get_app_configs()
            if Path(config.path).is_relative_to(settings.BASE_DIR)
            and not Path(config.path).is_relative_to(sys.prefix)
        ]
        for locale_dir in [*settings.LOCALE_PATHS, *project_apps]:
            for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
                po = polib.pofile(str(po_path))
                po.save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
                if options["verbosity"]:
                    self.stdout.write(f"{po_path}: {po.percent_translated()}% translated")
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"{count} catalogue(s) compiled."))
