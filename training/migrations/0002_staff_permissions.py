from django.db import migrations

STAFF = ["Provincial staff", "National staff"]
CODENAMES = {
    "view_completion_report": ("enrolment", "Can view completion reports"),
    "enrol_cohort": ("enrolment", "Can enrol a cohort from a CSV file"),
    "add_trainingsession": ("trainingsession", "Can add face-to-face session"),
    "change_trainingsession": ("trainingsession", "Can change face-to-face session"),
    "view_trainingsession": ("trainingsession", "Can view face-to-face session"),
}


def grant(apps, schema_editor):
    # Permissions are normally created after migrations; create these now to grant them.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = []
    for codename, (model, name) in CODENAMES.items():
        ct, _ = ContentType.objects.get_or_create(app_label="training", model=model)
        perm, _ = Permission.objects.get_or_create(
            content_type=ct, codename=codename, defaults={"name": name}
        )
        perms.append(perm)
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
