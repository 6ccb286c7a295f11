from django.core.management.base import BaseCommand

from portal.notifications import align_default_site


class Command(BaseCommand):
    help = "Set the default Wagtail Site's hostname and port from WAGTAILADMIN_BASE_URL."

    def handle(self, *args, **options):
        site = align_default_site()
        if site is None:
            self.stdout.write("No default site yet (load_demo or the first page creates it).")
        else:
            self.stdout.write(f"Default site: {site.root_url}")
