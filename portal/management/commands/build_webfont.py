from django.core.management.base import BaseCommand

from portal.infrastructure.fonts import build_webfont, khmer_font_file


class Command(BaseCommand):
    help = (
        "Build the Khmer web font: a WOFF2 subset of the installed Noto Sans Khmer (Khmer blocks, "
        "weights 400-700, shaping tables kept) under build/fonts/. Nothing to do if it is up to "
        "date; scripts/setup runs it."
    )

    def handle(self, *args, **options):
        target = build_webfont()
        if options["verbosity"]:
            self.stdout.write(
                f"{target.name}: {target.stat().st_size // 1024} KB "
                f"(from {khmer_font_file().stat().st_size // 1024} KB)"
            )
