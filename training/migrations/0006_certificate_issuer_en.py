from django.db import migrations, models


def fill_english_issuer(apps, schema_editor):
    """Certificates issued before: the issuer as the course's English translation names it."""
    Certificate = apps.get_model("training", "Certificate")
    CoursePage = apps.get_model("training", "CoursePage")
    Locale = apps.get_model("wagtailcore", "Locale")
    english = Locale.objects.filter(language_code="en").first()
    if english is None:
        return
    issuers = dict(
        CoursePage.objects.filter(locale=english).values_list("translation_key", "issuer")
    )
    for certificate in Certificate.objects.select_related("completion__enrolment__course"):
        issuer = issuers.get(certificate.completion.enrolment.course.translation_key)
        if issuer:
            certificate.issuer_en = issuer
            certificate.save(update_fields=["issuer_en"])


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0005_progress_event_log_checks"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="issuer_en",
            field=models.CharField(blank=True, max_length=255, verbose_name="issued by (English)"),
        ),
        migrations.RunPython(fill_english_issuer, migrations.RunPython.noop, elidable=True),
    ]
