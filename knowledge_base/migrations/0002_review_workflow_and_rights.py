"""The knowledge-base review workflow and the rights of Contributor, Reviewer and Editor."""

from django.db import migrations

from knowledge_base.permissions import (
    PAGE_RIGHTS,
    grant_group_rights,
    grant_page_rights,
    review_workflow,
)


def forwards(apps, schema_editor):
    review_workflow(apps)
    grant_group_rights(apps)
    for model_name in PAGE_RIGHTS:
        model = apps.get_model("knowledge_base", model_name)
        for page_id in model.objects.values_list("pk", flat=True):
            grant_page_rights(apps, page_id, model_name)


def backwards(apps, schema_editor):
    from knowledge_base.permissions import TASK_NAME, WORKFLOW_NAME

    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge_base", "0001_initial"),
        ("portal", "0002_seed_vocabulary"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
