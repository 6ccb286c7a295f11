import hashlib

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import translation


def guidebook_fingerprint(guidebook):
    """Which published state a PDF shows: every live page of the guidebook and its revision."""
    pages = guidebook.get_descendants(inclusive=True).live().order_by("path")
    state = ";".join(f"{p.path}:{p.pk}:{p.live_revision_id}" for p in pages)
    return hashlib.sha256(state.encode()).hexdigest()


@shared_task(bind=True, autoretry_for=(OSError, DatabaseError), retry_backoff=True, max_retries=5)
def build_guidebook_pdf(self, guidebook_pk):
    """Render the whole guidebook (one language) to PDF and keep it beside the page.

    Idempotent: the PDF remembers the published state it was built from, so the many
    enqueues of one import or one publish build it once.
    """
    from portal.infrastructure.pdf import render_pdf

    from .models import GuidebookPage, GuidebookPDF

    guidebook = GuidebookPage.objects.live().filter(pk=guidebook_pk).first()
    if guidebook is None:
        return "not live"
    fingerprint = guidebook_fingerprint(guidebook)
    existing = GuidebookPDF.objects.filter(guidebook=guidebook).first()
    if (
        existing is not None
        and existing.fingerprint == fingerprint
        and existing.file
        and existing.file.storage.exists(existing.file.name)
    ):
        return "unchanged"
    with translation.override(guidebook.locale.language_code):
        pdf = render_pdf(
            "knowledge_base/guidebook_pdf.html",
            {
                "guidebook": guidebook,
                "toc": guidebook.table_of_contents(),
                "last_updated": guidebook.last_updated(),
                "language": guidebook.locale.language_code,
            },
        )
    with transaction.atomic():
        if guidebook_fingerprint(guidebook) != fingerprint:
            # Published again while this one rendered: the newer publish enqueued its own build,
            # and a slow stale build must not overwrite it.
            return "stale"
        # Two first builds at once collide on the one-to-one row: IntegrityError, retried.
        generated = GuidebookPDF.objects.select_for_update().filter(
            guidebook=guidebook
        ).first() or GuidebookPDF(guidebook=guidebook)
        if generated.fingerprint == fingerprint and generated.file:
            return "unchanged"
        old_name = generated.file.name if generated.file else None
        generated.file.save(
            f"guidebook-{guidebook.pk}-{fingerprint[:12]}.pdf", ContentFile(pdf), save=False
        )
        generated.fingerprint = fingerprint
        generated.save()
    if old_name and old_name != generated.file.name:
        generated.file.storage.delete(old_name)
    return generated.file.name
