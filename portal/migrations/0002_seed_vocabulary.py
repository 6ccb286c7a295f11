"""Seed the shared vocabulary from shared/DOMAIN.md, in Khmer and English, and the role groups."""

import uuid

from django.db import migrations

STRATEGIES = [
    (1, "ការលើកកម្ពស់ការទទួលខុសត្រូវរបស់យន្តការគណនេយ្យភាពសង្គម",
     "Strengthening the accountability of SA mechanisms"),
    (2, "ការអភិវឌ្ឍសមត្ថភាពអំពីការងារគណនេយ្យភាពសង្គម", "Capacity development for SA work"),
    (3, "ការរៀបចំផែនការសកម្មភាព និងថវិកាស្តីពីការអនុវត្តការងារគណនេយ្យភាពសង្គម",
     "Action plans and budgets for SA implementation"),
    (4, "ការវិភាជថវិកាដើម្បីគាំទ្រការអនុវត្តការងារគណនេយ្យភាពសង្គម",
     "Budget allocation to support SA implementation"),
    (5, "ការត្រួតពិនិត្យ និងការវាយតម្លៃ", "Monitoring and evaluation"),
    (6, "ការប្រើប្រាស់ប្រព័ន្ធបច្ចេកវិទ្យាឌីជីថលសម្រាប់ការងារគណនេយ្យភាពសង្គម",
     "Digital technology systems for SA work"),
    (7, "ការជ្រើសរើស CAFs និងការបង្កើតបណ្តាញ CAFs", "Selecting CAFs and building CAF networks"),
    (8, "ការពង្រឹងភាពជាដៃគូក្នុងការអនុវត្តការងារគណនេយ្យភាពសង្គម",
     "Strengthening partnerships in SA implementation"),
]

ACTOR_TYPES = [
    ("national-sa-committee", "គ.គ.អ.ស.", "National SA committee", "national"),
    ("me-unit", "អង្គភាពត្រួតពិនិត្យ វាយតម្លៃ និងព័ត៌មាន",
     "M&E and Information Unit (NCDD Secretariat)", "national"),
    ("line-ministry", "ក្រសួង ស្ថាប័នពាក់ព័ន្ធ", "Line ministries and institutions", "national"),
    ("nsla", "សាលាជាតិរដ្ឋបាលមូលដ្ឋាន (ក្រសួងមហាផ្ទៃ)",
     "National School of Local Administration (NSLA), Ministry of Interior", "national"),
    ("provincial-department", "មន្ទីរ អង្គភាពជំនាញថ្នាក់រាជធានី ខេត្ត",
     "Provincial line departments and units", "province"),
    ("provincial-administration", "រដ្ឋបាលរាជធានី ខេត្ត", "Capital/provincial administration",
     "province"),
    ("provincial-sa-working-group", "ក្រុមការងារគណនេយ្យភាពសង្គមរាជធានី ខេត្ត",
     "Provincial SA working group", "province"),
    ("provincial-caf-network", "បណ្តាញ CAFs ថ្នាក់រាជធានី ខេត្ត", "Provincial CAF network",
     "province"),
    ("district-administration", "រដ្ឋបាលក្រុង ស្រុក ខណ្ឌ",
     "Municipal/district/khan administration", "district"),
    ("district-sa-working-group", "ក្រុមការងារគណនេយ្យភាពសង្គមក្រុង ស្រុក ខណ្ឌ",
     "District SA working group", "district"),
    ("district-caf-network", "បណ្តាញ CAFs ថ្នាក់ក្រុង ស្រុក ខណ្ឌ", "District CAF network",
     "district"),
    ("commune-administration", "រដ្ឋបាលឃុំ សង្កាត់", "Commune/sangkat administration", "commune"),
    ("jaap-committee", "គណៈកម្មាធិការ ផ.ស.រ.គ.",
     "JAAP committee (Joint Accountability Action Plan)", "commune"),
    ("health-centre", "មណ្ឌលសុខភាព", "Health centre", "commune"),
    ("primary-school", "សាលាបឋមសិក្សា", "Primary school", "commune"),
    ("caf", "អ្នកសម្របសម្រួលគណនេយ្យភាពសហគមន៍ (CAF)", "Community Accountability Facilitator",
     "commune"),
    ("cso", "អង្គការសង្គមស៊ីវិល / អង្គការសហគមន៍មូលដ្ឋាន", "CSO / community-based organisation",
     "any"),
    ("development-partner", "ដៃគូអភិវឌ្ឍន៍", "Development partner", "any"),
    ("citizen", "ប្រជាពលរដ្ឋ", "Citizen", "any"),
]

# Official province codes (National Institute of Statistics), so district and commune codes
# loaded later by import_areas hang under them.
PROVINCES = [
    ("01", "បន្ទាយមានជ័យ", "Banteay Meanchey"),
    ("02", "បាត់ដំបង", "Battambang"),
    ("03", "កំពង់ចាម", "Kampong Cham"),
    ("04", "កំពង់ឆ្នាំង", "Kampong Chhnang"),
    ("05", "កំពង់ស្ពឺ", "Kampong Speu"),
    ("06", "កំពង់ធំ", "Kampong Thom"),
    ("07", "កំពត", "Kampot"),
    ("08", "កណ្ដាល", "Kandal"),
    ("09", "កោះកុង", "Koh Kong"),
    ("10", "ក្រចេះ", "Kratie"),
    ("11", "មណ្ឌលគិរី", "Mondulkiri"),
    ("12", "ភ្នំពេញ", "Phnom Penh"),
    ("13", "ព្រះវិហារ", "Preah Vihear"),
    ("14", "ព្រៃវែង", "Prey Veng"),
    ("15", "ពោធិ៍សាត់", "Pursat"),
    ("16", "រតនគិរី", "Ratanakiri"),
    ("17", "សៀមរាប", "Siem Reap"),
    ("18", "ព្រះសីហនុ", "Preah Sihanouk"),
    ("19", "ស្ទឹងត្រែង", "Stung Treng"),
    ("20", "ស្វាយរៀង", "Svay Rieng"),
    ("21", "តាកែវ", "Takeo"),
    ("22", "ឧត្តរមានជ័យ", "Oddar Meanchey"),
    ("23", "កែប", "Kep"),
    ("24", "ប៉ៃលិន", "Pailin"),
    ("25", "ត្បូងឃ្មុំ", "Tbong Khmum"),
]

GROUPS = ["Learner", "Contributor", "Reviewer", "Editor", "Provincial staff", "National staff"]
ADMIN_GROUPS = ["Reviewer", "Editor", "Provincial staff", "National staff"]


def seed(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Strategy = apps.get_model("portal", "Strategy")
    ActorType = apps.get_model("portal", "ActorType")
    Area = apps.get_model("portal", "AdministrativeArea")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")

    km, _ = Locale.objects.get_or_create(language_code="km")
    en, _ = Locale.objects.get_or_create(language_code="en")

    for number, name_km, name_en in STRATEGIES:
        key = uuid.uuid5(uuid.NAMESPACE_URL, f"isaf:strategy:{number}")
        for locale, name in ((km, name_km), (en, name_en)):
            Strategy.objects.update_or_create(
                translation_key=key, locale=locale, defaults={"number": number, "name": name}
            )
    for order, (code, name_km, name_en, level) in enumerate(ACTOR_TYPES):
        key = uuid.uuid5(uuid.NAMESPACE_URL, f"isaf:actor:{code}")
        for locale, name in ((km, name_km), (en, name_en)):
            ActorType.objects.update_or_create(
                translation_key=key,
                locale=locale,
                defaults={"code": code, "name": name, "level": level, "sort_order": order},
            )
    for code, name_km, name_en in PROVINCES:
        Area.objects.update_or_create(
            code=code, defaults={"name_km": name_km, "name_en": name_en, "level": "province"}
        )

    admin_ct, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_ct, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        if name in ADMIN_GROUPS:
            group.permissions.add(access_admin)


def unseed(apps, schema_editor):
    apps.get_model("portal", "AdministrativeArea").objects.filter(level="province").delete()
    apps.get_model("portal", "ActorType").objects.all().delete()
    apps.get_model("portal", "Strategy").objects.all().delete()
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
