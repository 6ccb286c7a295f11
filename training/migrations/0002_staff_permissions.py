from django.db import migrations

STAFF = ["Provincial staff", "National staff"]
CODENAMES = [
    "view_completion_report",
    "enrol_cohort",
    "add_trainingsession",
    "change_trainingsession",
    "view_trainingsession",
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    create_permissions(apps.get_app_config("training"), verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="training", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=STAFF):
        group.permissions.add(*perms)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="training", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=STAFF):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_initial"),
        ("portal", "0002_seed_vocabulary"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
