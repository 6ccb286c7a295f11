"""Demo content of the portal itself: the home and about pages, districts and communes, an
organisation and the staff accounts. The words are data in ``demo_data/``: ``site.json``,
``areas.csv`` (read by the areas importer, as ``manage.py import_areas`` reads it) and
``people.csv``."""

import csv
import json
from pathlib import Path

from wagtail.models import Page, Site

from .area_import import import_areas
from .factories import (
    HomePageFactory,
    OrganisationFactory,
    StandardPageFactory,
    UserFactory,
    khmer,
)
from .models import ActorType, AdministrativeArea, ContactSettings, Organisation
from .navigation import PRIVACY_SLUG
from .notifications import align_default_site

DATA = Path(__file__).parent / "demo_data"
PASSWORD = "demo-password-2026"  # every demo account's (README.md)


def load_people():
    with open(DATA / "people.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            UserFactory(
                username=row["username"],
                first_name=row["first_name"],
                last_name=row["last_name"],
                groups=[row["group"]],
                actor_code=row["actor_type"],
                area_code=row["area_code"],
                gender=row["gender"],
                position=row["position"],
                organisation=Organisation.objects.filter(name_en=row["organisation"]).first(),
                is_superuser=row["superuser"] == "yes",
                password=PASSWORD,
            )


def load(command):
    site_data = json.loads((DATA / "site.json").read_text(encoding="utf-8"))
    root = Page.get_first_root_node()
    # Wagtail's placeholder "Welcome" page gives way to the portal's home page.
    for placeholder in root.get_children().filter(
        content_type__model="page", content_type__app_label="wagtailcore"
    ):
        placeholder.delete()
    home = HomePageFactory(
        parent=root, slug="home", **site_data["home"]["km"], en=site_data["home"]["en"]
    )
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.root_page = home
    site.hostname = site.hostname or "localhost"
    site.port = site.port or 80
    site.site_name = site_data["site_name"]
    site.save()
    align_default_site()  # page links in e-mails on WAGTAILADMIN_BASE_URL (portal/notifications)
    StandardPageFactory(
        parent=home, slug="about", **site_data["about"]["km"], en=site_data["about"]["en"]
    )
    # The privacy notice the footer links to (portal.navigation.PRIVACY_SLUG), and the contact
    # details beside it: demo wording, for editors to adapt.
    StandardPageFactory(
        parent=home, slug=PRIVACY_SLUG, **site_data["privacy"]["km"], en=site_data["privacy"]["en"]
    )
    contact = ContactSettings.load()
    contact.email = contact.email or site_data["contact"]["email"]
    contact.phone = contact.phone or site_data["contact"]["phone"]
    contact.save()

    import_areas((DATA / "areas.csv").read_bytes())
    organisation = site_data["organisation"]
    OrganisationFactory(
        name_en=organisation["name_en"],
        name_km=organisation["name_km"],
        actor_type=ActorType.objects.get(code=organisation["actor_type"], locale=khmer()),
        area=AdministrativeArea.objects.get(code=organisation["area_code"]),
    )
    load_people()
    command.stdout.write("portal: home, about and privacy pages, demo areas and people")
