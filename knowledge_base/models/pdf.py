from django.db import models
from django.utils.translation import gettext_lazy as _


class GuidebookPDF(models.Model):
    """The generated PDF of a whole guidebook, one per guidebook page (so one per language).

    Kept outside the page so that publishing a revision never resets it; ``fingerprint`` says
    which published state it was built from, so rebuilding an unchanged guidebook is skipped.
    """

    #: The guidebook page links to it once built: building it empties the page cache.
    shows_on_pages = True

    guidebook = models.OneToOneField(
        "knowledge_base.GuidebookPage", on_delete=models.CASCADE, related_name="generated_pdf"
    )
    file = models.FileField(_("file"), upload_to="guidebooks/")
    fingerprint = models.CharField(max_length=64)
    built_at = models.DateTimeField(_("built at"), auto_now=True)

    class Meta:
        verbose_name = _("guidebook PDF")

    def __str__(self):
        return self.file.name
