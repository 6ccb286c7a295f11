import hashlib

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import translation

#: The PDF tasks: retried when the disk or the database fails; they read the rows when they run,
#: so the outbox queues each once per transaction.
PDF_TASK = {
    "bind": True,
    "autoretry_for": (OSError, DatabaseError),
    "retry_backoff": True,
    "max_retries": 5,
    "coalesce": True,
}


def guidebook_fingerprint(guidebook):
    """Which published state a PDF shows: every live page of the guidebook and its revision."""
    pages = guidebook.get_descendants(inclusive=True).live().order_by("path")
    state = ";".join(f"{p.path}:{p.pk}:{p.live_revision_id}" for p in pages)
    return hashlib.sha256(state.encode()).hexdigest()


@shared_task(**PDF_TASK)
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


def _frozen(row, live_pages):
    """The page an edition froze, as it was: its recorded revision; if that revision was purged
    since, the live page (what the revision cannot give back any more); if the page is gone,
    its frozen title and plain text."""
    from types import SimpleNamespace

    from django.utils.html import escape

    page = row.revision.as_object() if row.revision_id and row.revision else None
    if page is None:
        page = live_pages.get(row.page_key)
    if page is None:
        paragraphs = [f"<p>{escape(line)}</p>" for line in row.text.splitlines()]
        page = SimpleNamespace(pk=row.page_key, intro="".join(paragraphs), body=paragraphs)
    page.number = row.number
    page.numbered_title = f"{row.number}{'.' if row.kind == 'chapter' else ''} {row.title}"
    return page


@shared_task(**PDF_TASK)
def build_edition_pdf(self, edition_pk):
    """Render an edition's frozen PDF once, from the revisions the edition recorded.

    Idempotent: an edition whose PDF exists is never rendered again, so the file a reader
    downloads for edition 1 stays the same file whatever is published later."""
    from portal.infrastructure.pdf import render_pdf

    from .models import GuidebookEdition
    from .models.editions import EditionPage

    edition = GuidebookEdition.objects.select_related("guidebook").filter(pk=edition_pk).first()
    if edition is None:
        return "gone"
    if edition.pdf and edition.pdf.storage.exists(edition.pdf.name):
        return "unchanged"
    book = edition.guidebook
    rows = list(edition.pages.select_related("revision"))
    keys = [row.page_key for row in rows]
    live_pages = {page.pk: page for page in book.get_descendants().filter(pk__in=keys).specific()}
    toc = []
    for row in rows:
        page = _frozen(row, live_pages)
        if row.kind == EditionPage.Kind.CHAPTER:
            toc.append((page, []))
        elif toc:
            toc[-1][1].append(page)
    cover = edition.revision.as_object() if edition.revision_id else book
    with translation.override(book.locale.language_code):
        pdf = render_pdf(
            "knowledge_base/guidebook_pdf.html",
            {
                "guidebook": cover,
                "toc": toc,
                "edition": edition,
                "language": book.locale.language_code,
            },
        )
    with transaction.atomic():
        edition = GuidebookEdition.objects.select_for_update().get(pk=edition.pk)
        if edition.pdf:
            return "unchanged"
        edition.pdf.save(
            f"guidebook-{book.pk}-edition-{edition.number}.pdf", ContentFile(pdf), save=False
        )
        edition.save(update_fields=["pdf"])
    return edition.pdf.name
