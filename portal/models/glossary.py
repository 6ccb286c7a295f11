"""The programme's terms in Khmer and English, for translators.

One row per term with both languages on it (the ``BilingualName`` pattern): a term is a pair,
and a translator wants both sides at once. The PO export marks each string with the terms it
contains (``portal.translations.glossary``) and the translation status view lists them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .bilingual import BilingualName


class GlossaryTerm(BilingualName, models.Model):
    name_km = models.CharField(_("Khmer"), max_length=255, unique=True)
    name_en = models.CharField(_("English"), max_length=255)
    other_forms = models.CharField(
        _("other forms"),
        max_length=255,
        blank=True,
        help_text=_("Abbreviations and plurals that also count as the term, separated by commas."),
    )
    note = models.TextField(_("note for translators"), blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        # Who follows and exchanges the pages' translations (the status view, the PO export
        # and import): the Editor group (migration 0007).
        permissions = [("manage_translations", "Can follow and exchange page translations")]

    def __str__(self):
        return self.name

    @property
    def forms(self):
        """Every form that counts as the term: its Khmer and English names and other forms."""
        others = [form.strip() for form in self.other_forms.split(",")]
        return [form for form in (self.name_km, self.name_en, *others) if form]
