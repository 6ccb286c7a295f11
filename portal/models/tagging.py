from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class TaggedContentMixin(models.Model):
    """The shared tags of every piece of content: strategies, actor types, place.

    Pages of every kind (guidebook, lessons, exchanges, courses) mix this in, so filters, search
    facets and reports read the same three fields everywhere. Strategy and actor-type rows may be
    either language's; group by ``Strategy.number`` and ``ActorType.code``.
    """

    strategies = ParentalManyToManyField(
        "portal.Strategy", verbose_name=_("strategies"), blank=True, related_name="+"
    )
    actor_types = ParentalManyToManyField(
        "portal.ActorType", verbose_name=_("actor types"), blank=True, related_name="+"
    )
    area = models.ForeignKey(
        "portal.AdministrativeArea",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    tagging_panels = [
        MultiFieldPanel(
            [FieldPanel("strategies"), FieldPanel("actor_types"), FieldPanel("area")],
            heading=_("Tags"),
        )
    ]

    class Meta:
        abstract = True
