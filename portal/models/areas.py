from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from .bilingual import BilingualName
from .taxonomy import Level


class AdministrativeArea(BilingualName, index.Indexed, models.Model):
    """Capital/province → municipality/district/khan → commune/sangkat.

    A plain parent link: the tree is three levels deep. Names are kept in both languages on one
    row because every record (learner, lesson, visit) must point at the same place whatever
    language it was written in.

    ``province`` is stored, not walked: every filter, facet, scope and report that asks "which
    province is this in" reads one column (``area__province``), and "everything in province P"
    is ``province=P``. ``save()`` keeps it right, for the area and, when it moves, for every
    area under it.
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
    province = models.ForeignKey(
        "self",
        verbose_name=_("Capital/province"),  # set by save(), never in a form
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
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

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        adding = self._state.adding
        self.province_id = self.parent.province_id if self.parent_id else self.pk
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "province"}
        super().save(*args, **kwargs)
        if self.province_id is None:  # a new area at the top: its own province
            self.province_id = self.pk
            AdministrativeArea.objects.filter(pk=self.pk).update(province_id=self.pk)
        if adding:
            return
        # A moved area carries the areas under it to its new province.
        AdministrativeArea.objects.filter(pk__in=self._walk_down() - {self.pk}).exclude(
            province_id=self.province_id
        ).update(province_id=self.province_id)

    def subtree_ids(self):
        """Ids of this area and every area under it: one query for a province, else one query
        per level below."""
        if self.pk is not None and self.province_id == self.pk:
            return set(
                AdministrativeArea.objects.filter(province_id=self.pk).values_list("pk", flat=True)
            ) | {self.pk}
        return self._walk_down()

    def _walk_down(self):
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
