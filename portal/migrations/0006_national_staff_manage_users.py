"""National staff manage accounts and API tokens in the admin (issue 13): they set the role
groups that grant rights, deactivate accounts, send invitations again, and list and revoke any
API token (Wagtail's Settings → API tokens). Superusers stay out of their reach: Wagtail lets
only a superuser edit a superuser or make one."""

from django.db import migrations

GROUP = "National staff"
CODENAMES = {
    ("auth", "user"): {
        "view_user": "Can view user",
        "change_user": "Can change user",
    },
    ("wagtailcore", "apitoken"): {
        "view_apitoken": "Can view API token",
        "change_apitoken": "Can change API token",
        "delete_apitoken": "Can delete API token",
    },
}


def permissions(apps):
    # Permissions are normally created after migrations; create these now to grant them.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for (app_label, model), codenames in CODENAMES.items():
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for codename, name in codenames.items():
            yield Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )[0]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    granted = list(permissions(apps))
    for group in Group.objects.filter(name=GROUP):
        group.permissions.add(*granted)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    granted = list(permissions(apps))
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(*granted)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_area_province"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
