from django.core.management.base import BaseCommand

from portal.infrastructure.workbox import build_workbox, installed_version


class Command(BaseCommand):
    help = (
        "Copy Workbox (the service worker's library, installed from npm by scripts/setup) from "
        "node_modules into build/workbox/, where the static files find it. Says so and does "
        "nothing if npm ci has not installed it: the portal then works without offline mode."
    )

    def handle(self, *args, **options):
        paths = build_workbox()
        if not paths:
            self.stderr.write("Workbox is not installed (npm ci): offline mode is unavailable.")
            return
        if options["verbosity"]:
            size = sum(p.stat().st_size for p in paths)
            self.stdout.write(f"Workbox {installed_version()}: {len(paths)} files, {size} bytes")
