from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from .taxonomy import Level


class AdministrativeArea(index.Indexed, models.Model):
    """Capital/province → municipality/district/khan → commune/sangkat.

    A plain parent link: the tree is three levels deep, so walking up is at most two queries and
    imports stay simple bulk inserts. Names are kept in both languages on one row because every
    record (learner, lesson, visit) must point at the same place whatever language it was
    written in.
    """

    AREA_LEVELS = [
        (Level.PROVINCE.value, Level.PROVINCE.label),
        (Level.DISTRICT.value, Level.DISTRICT.label),
        (Level.COMMUNE.value, Level.COMMUNE.label),
    ]
    PARENT_LEVEL = {
        Level.DISTRICT.value: Level.PROVINCE.value,
        Level.COMMUNE.value: Level.DISTRICT.value,
    }

    code = models.CharField(_("code"), max_length=16, unique=True)
    name_km = models.CharField(_("name in Khmer"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255)
    level = models.CharField(_("level"), max_length=16, choices=AREA_LEVELS)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    search_fields = [
        index.SearchField("name_km"),
        index.SearchField("name_en"),
        index.FilterField("level"),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative area")
        verbose_name_plural = _("administrative areas")

    @property
    def name(self):
        return self.name_en if get_language() == "en" else self.name_km

    def __str__(self):
        return self.name

    @property
    def province(self):
        """The capital/province this area lies in (itself for a province)."""
        area = self
        while area.parent_id is not None:
            area = area.parent
        return area

    def subtree_ids(self):
        """Ids of this area and every area under it: one query per level below."""
        ids, frontier = {self.pk}, {self.pk}
        while frontier:
            frontier = set(
                AdministrativeArea.objects.filter(parent_id__in=frontier).values_list(
                    "pk", flat=True
                )
            )
            ids |= frontier
        return ids

    def ancestors(self):
        chain, area = [], self.parent
        while area is not None:
            chain.insert(0, area)
            area = area.parent
        return chain

    @property
    def path_label(self):
        return " › ".join(a.name for a in [*self.ancestors(), self])
