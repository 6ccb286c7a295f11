from django.core.files.storage import storages
from django.db import migrations, models

import training.models.progress


def _move(apps, source_alias, target_alias):
    """Each certificate PDF from one storage to the other, under the same name. Idempotent: a
    file already moved (or never written) is skipped, so a rerun or an interrupted run is safe."""
    Certificate = apps.get_model("training", "Certificate")
    source, target = storages[source_alias], storages[target_alias]
    for pk, name in Certificate.objects.exclude(pdf="").values_list("pk", "pdf").iterator():
        if not source.exists(name):
            continue
        if not target.exists(name):
            with source.open(name, "rb") as file:
                stored = target.save(name, file)
            if stored != name:
                Certificate.objects.filter(pk=pk).update(pdf=stored)
        source.delete(name)


def to_private_storage(apps, schema_editor):
    """Certificates issued before were under MEDIA_ROOT, where /media/certificates/<code>.pdf
    served them to anyone with the code: move them where only the owner's view reads them."""
    _move(apps, "default", "private")


def to_media_storage(apps, schema_editor):
    _move(apps, "private", "default")


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0006_certificate_issuer_en"),
    ]

    operations = [
        migrations.AlterField(
            model_name="certificate",
            name="pdf",
            field=models.FileField(
                blank=True,
                storage=training.models.progress.private_storage,
                upload_to="certificates/",
                verbose_name="PDF",
            ),
        ),
        migrations.RunPython(to_private_storage, to_media_storage),
    ]
