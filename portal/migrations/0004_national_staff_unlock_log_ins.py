"""National staff lift log-in lockouts (django-axes' access attempts) in the admin."""

from django.db import migrations

GROUP = "National staff"
CODENAMES = {
    "view_accessattempt": "Can view access attempt",
    "delete_accessattempt": "Can delete access attempt",
}


def grant(apps, schema_editor):
    # Permissions are normally created after migrations; create these now to grant them.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ct, _ = ContentType.objects.get_or_create(app_label="axes", model="accessattempt")
    perms = [
        Permission.objects.get_or_create(
            content_type=ct, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in CODENAMES.items()
    ]
    for group in Group.objects.filter(name=GROUP):
        group.permissions.add(*perms)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="axes", codename__in=CODENAMES)
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_outbox"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
