"""Editions of the guidebook: a numbered, dated state of its text, frozen with its PDF.

An edition belongs to one guidebook page, so to one language (as ``GuidebookPDF`` does); the
Khmer and the English guidebook each have their editions and their change summary in their own
language. ``EditionPage`` rows hold, per edition, the text of every chapter and section as it was
published, so "what changed" compares two editions, never an edition with today's pages, and the
frozen PDF is rendered from the page revisions the edition recorded.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class GuidebookEdition(models.Model):
    #: The guidebook and its pages show their latest edition: a new one empties the page cache.
    shows_on_pages = True

    guidebook = models.ForeignKey(
        "knowledge_base.GuidebookPage", on_delete=models.CASCADE, related_name="editions"
    )
    number = models.PositiveIntegerField(_("number"))
    published_on = models.DateField(_("date"))
    summary = models.TextField(_("what changed"), blank=True)
    # The guidebook page itself as published (its title and summary, for the PDF's cover).
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Which published state the edition froze (knowledge_base.tasks.guidebook_fingerprint):
    # a reader is told when the pages have changed since.
    fingerprint = models.CharField(max_length=64)
    pdf = models.FileField(_("PDF"), upload_to="guidebooks/editions/", blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("guidebook edition")
        verbose_name_plural = _("guidebook editions")
        ordering = ["guidebook", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["guidebook", "number"], name="one_edition_number_per_guidebook"
            )
        ]

    def __str__(self):
        return _("Edition %(number)s") % {"number": self.number}

    def previous(self):
        return (
            GuidebookEdition.objects.filter(guidebook_id=self.guidebook_id, number__lt=self.number)
            .order_by("-number")
            .first()
        )


class EditionPage(models.Model):
    """A chapter or section of the guidebook as an edition froze it.

    ``page_key`` is the page's id, kept as a plain number (not a foreign key) so that a page
    deleted later still shows as "removed" in the next edition's changes.
    """

    class Kind(models.TextChoices):
        CHAPTER = "chapter", _("chapter")
        SECTION = "section", _("section")

    edition = models.ForeignKey(GuidebookEdition, on_delete=models.CASCADE, related_name="pages")
    page_key = models.PositiveIntegerField()
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    position = models.PositiveIntegerField()
    number = models.CharField(max_length=20)
    title = models.CharField(max_length=255)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["edition", "position"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "page_key"], name="one_page_per_edition")
        ]

    def __str__(self):
        return f"{self.number} {self.title}"
