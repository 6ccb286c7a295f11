from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .models import GuidebookChapterPage, GuidebookPage, GuidebookSectionPage
from .tasks import build_guidebook_pdf

GUIDEBOOK_TYPES = (GuidebookPage, GuidebookChapterPage, GuidebookSectionPage)


@receiver(page_published)
@receiver(page_unpublished)
def rebuild_guidebook_pdf(sender, instance, **kwargs):
    """A published or withdrawn guidebook page makes the PDF of its guidebook stale."""
    page = instance.specific
    if not isinstance(page, GUIDEBOOK_TYPES):
        return
    guidebook = page if isinstance(page, GuidebookPage) else page.guidebook
    if guidebook is not None:
        build_guidebook_pdf.delay_on_commit(guidebook.pk)
