from django.apps import apps as django_apps
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from portal.infrastructure import outbox

from .models import (
    ExchangeIndexPage,
    GuidebookChapterPage,
    GuidebookPage,
    GuidebookSectionPage,
    LessonIndexPage,
)
from .permissions import grant_page_rights
from .tasks import build_guidebook_pdf

RIGHTS_HOLDERS = (GuidebookPage, LessonIndexPage, ExchangeIndexPage)

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
        outbox.enqueue(build_guidebook_pdf, guidebook.pk)


@receiver(post_save)
def grant_rights_on_new_index(sender, instance, created, raw=False, **kwargs):
    """A new guidebook or lesson/exchange index gets the knowledge base's group rights."""
    if created and not raw and isinstance(instance, RIGHTS_HOLDERS):
        grant_page_rights(django_apps, instance.pk, type(instance)._meta.model_name)
