"""The glossary of the programme's terms for translators (issue 16), seeded with the shared
vocabulary's terms."""

from django.db import migrations, models


# The programme's terms, from the shared vocabulary (../shared/DOMAIN.md, the strategy
# document's actors and abbreviations): (Khmer, English, other forms, note for translators).
TERMS = [
    (
        "ផ.ស.រ.គ.",
        "JAAP (Joint Accountability Action Plan)",
        "JAAP, JAAPs",
        "Agreed between citizens and service providers after the scorecards.",
    ),
    ("អ្នកសម្របសម្រួលគណនេយ្យភាពសហគមន៍", "Community Accountability Facilitator (CAF)", "CAF, CAFs", ""),
    (
        "គ.ជ.អ.ប.",
        "NCDD (National Committee for Sub-National Democratic Development)",
        "NCDD",
        "Its secretariat: លេខាធិការដ្ឋាន គ.ជ.អ.ប. (the NCDD Secretariat).",
    ),
    ("គ.គ.អ.ស.", "National SA committee", "", ""),
    ("គណនេយ្យភាពសង្គម", "social accountability (SA)", "SA", ""),
    (
        "ISAF",
        "ISAF (Implementation of the Social Accountability Framework)",
        "",
        "Kept as ISAF in Khmer text.",
    ),
    ("ឃុំ សង្កាត់", "commune/sangkat", "CS", ""),
    ("ក្រុង ស្រុក ខណ្ឌ", "municipality/district/khan", "", ""),
    ("រាជធានី ខេត្ត", "capital/province", "", ""),
    ("សាលាជាតិរដ្ឋបាលមូលដ្ឋាន", "National School of Local Administration (NSLA)", "NSLA", ""),
    ("អង្គភាពត្រួតពិនិត្យ វាយតម្លៃ និងព័ត៌មាន", "M&E and Information Unit", "", ""),
    ("ការត្រួតពិនិត្យ និងការវាយតម្លៃ", "monitoring and evaluation (M&E)", "M&E", ""),
    ("ក្រុមការងារគណនេយ្យភាពសង្គម", "SA working group", "", ""),
    ("អង្គការសង្គមស៊ីវិល", "civil society organisation (CSO)", "CSO, CSOs", ""),
    ("ដៃគូអភិវឌ្ឍន៍", "development partner", "", ""),
    ("ព័ត៌មានសម្រាប់ប្រជាពលរដ្ឋ", "information for citizens (I4C)", "I4C", ""),
    ("ប្រជាពលរដ្ឋ", "citizen", "citizens", ""),
    ("មណ្ឌលសុខភាព", "health centre", "", ""),
    ("សាលាបឋមសិក្សា", "primary school", "", ""),
]


def grant(apps, schema_editor):
    # Permissions are normally created after migrations; create this one now to grant it.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="portal", model="glossaryterm")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="manage_translations",
        defaults={"name": "Can follow and exchange page translations"},
    )
    for group in Group.objects.filter(name="Editor"):
        group.permissions.add(permission)


def seed(apps, schema_editor):
    GlossaryTerm = apps.get_model("portal", "GlossaryTerm")
    for km, en, forms, note in TERMS:
        GlossaryTerm.objects.get_or_create(
            name_km=km, defaults={"name_en": en, "other_forms": forms, "note": note}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_national_staff_manage_users"),
    ]

    operations = [
        migrations.CreateModel(
            name="GlossaryTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name_km", models.CharField(max_length=255, unique=True, verbose_name="Khmer")),
                ("name_en", models.CharField(max_length=255, verbose_name="English")),
                (
                    "other_forms",
                    models.CharField(
                        blank=True,
                        help_text="Abbreviations and plurals that also count as the term, separated by commas.",
                        max_length=255,
                        verbose_name="other forms",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="note for translators")),
            ],
            options={
                "verbose_name": "glossary term",
                "verbose_name_plural": "glossary",
                "ordering": ["name_en"],
                "permissions": [
                    ("manage_translations", "Can follow and exchange page translations")
                ],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
