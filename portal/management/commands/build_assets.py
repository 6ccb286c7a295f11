from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Build what a checkout needs besides its packages, in one process (scripts/setup runs "
        "it): the compiled Khmer translations (compile_translations), the Khmer web font "
        "(build_webfont) and Workbox for the service worker (build_workbox). Each is also a "
        "command of its own; one process instead of three saves Django's start-up twice."
    )

    def handle(self, *args, **options):
        for command in ("compile_translations", "build_webfont", "build_workbox"):
            call_command(command, verbosity=options["verbosity"], stdout=self.stdout)
