"""The shared vocabulary every page, course and report is tagged with.

Strategies and actor types are translatable snippets: one row per language sharing a
``translation_key``. Their ``number`` / ``code`` is the same in every language, so reports group
by it whichever language's row a record points at.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index

from .bilingual import BilingualName


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCE = "province", _("Capital/province")
    DISTRICT = "district", _("Municipality/district/khan")
    COMMUNE = "commune", _("Commune/sangkat")
    ANY = "any", _("Any level")


class LocalisedQuerySet(models.QuerySet):
    def for_active_language(self):
        """Rows in the language being shown, falling back to the default language's rows."""
        locale = Locale.get_active()
        default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        if locale.language_code == default:
            return self.filter(locale=locale)
        # One query, not one to ask whether the language has rows and one to read them.
        return self.filter(
            models.Q(locale=locale)
            | models.Q(locale__language_code=default) & ~models.Exists(self.filter(locale=locale))
        )


class Strategy(TranslatableMixin, index.Indexed, models.Model):
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)

    objects = LocalisedQuerySet.as_manager()
    search_fields = [index.SearchField("name"), index.FilterField("number")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["number"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self):
        return f"{self.number}. {self.name}"


class ActorType(TranslatableMixin, index.Indexed, models.Model):
    code = models.SlugField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    sort_order = models.PositiveSmallIntegerField(default=0)

    objects = LocalisedQuerySet.as_manager()
    search_fields = [index.SearchField("name"), index.FilterField("level")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "code"]
        verbose_name = _("actor type")
        verbose_name_plural = _("actor types")

    def __str__(self):
        return self.name


class Organisation(BilingualName, index.Indexed, models.Model):
    """A CSO, administration, health centre or school: what lessons, visits and learners share."""

    name_km = models.CharField(_("name in Khmer"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    actor_type = models.ForeignKey(
        ActorType, verbose_name=_("actor type"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        "portal.AdministrativeArea",
        verbose_name=_("administrative area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )

    search_fields = [index.SearchField("name_km"), index.SearchField("name_en")]

    class Meta:
        ordering = ["name_km"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name
