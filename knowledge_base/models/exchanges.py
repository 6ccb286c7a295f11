"""Peer-exchange records (Strategy 2): who visited whom, when, on what, and what follows."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from portal.models import Gender, ReadableSlugMixin, TaggedContentMixin
from portal.vocabulary import attach

from ..blocks import GalleryBlock, RelatedLessonsBlock
from ..permissions import ReviewedPageMixin


class ExchangeIndexPage(ReadableSlugMixin, Page):
    search_type = "exchanges_index"

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["knowledge_base.ExchangeVisitPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("exchanges index")

    def get_context(self, request, *args, **kwargs):
        from ..filters import ExchangeFilter

        context = super().get_context(request, *args, **kwargs)
        context.update(ExchangeFilter(request, self).context())
        return context


class ExchangeVisitPage(ReadableSlugMixin, ReviewedPageMixin, TaggedContentMixin, Page):
    """A visit: the host is the page's place (``area``) and ``host_actor_type``; topics are its
    strategies; the visiting administrations, head counts and follow-up actions are inlines."""

    search_type = "exchange"

    host_actor_type = models.ForeignKey(
        "portal.ActorType",
        verbose_name=_("host actor type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    agenda = RichTextField(_("agenda"), blank=True)
    observed = RichTextField(_("what was observed"), blank=True)
    learned = RichTextField(_("what was learned"), blank=True)
    photos = StreamField(GalleryBlock(), verbose_name=_("photos"), blank=True)
    related_lessons = StreamField(
        RelatedLessonsBlock(), verbose_name=_("related lessons"), blank=True
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("area", heading=_("Host administration (place)")),
                FieldPanel("host_actor_type"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            ],
            heading=_("Host and dates"),
        ),
        InlinePanel("visitors", heading=_("Visiting administrations"), label=_("visitor")),
        FieldPanel("strategies", heading=_("Topics (strategies)")),
        FieldPanel("actor_types"),
        InlinePanel(
            "participants_by_gender", heading=_("Participants by gender"), label=_("count")
        ),
        InlinePanel(
            "participants_by_actor", heading=_("Participants by actor type"), label=_("count")
        ),
        FieldPanel("agenda"),
        FieldPanel("observed"),
        FieldPanel("learned"),
        InlinePanel("follow_up_actions", heading=_("Follow-up actions"), label=_("action")),
        FieldPanel("photos"),
        FieldPanel("related_lessons"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("agenda"),
        index.SearchField("observed"),
        index.SearchField("learned"),
        index.FilterField("start_date"),
    ]
    parent_page_types = ["knowledge_base.ExchangeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("exchange visit")

    def participant_total(self):
        return sum(row.count for row in self.participants_by_gender.all())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Places are shown with their province and district (``path_label``), rows with their
        # actor type: from the vocabulary kept per generation, not one query per row and level
        # (issue 15).
        visitors = list(self.visitors.all())
        by_gender = list(self.participants_by_gender.all())
        by_actor = list(self.participants_by_actor.all())
        attach(
            (self, "area"),
            (self, "host_actor_type"),
            *((visitor, name) for visitor in visitors for name in ("area", "actor_type")),
            *((row, "actor_type") for row in by_actor),
        )
        context.update(
            visitors=visitors,
            participants_by_gender=by_gender,
            participants_by_actor=by_actor,
            participant_total=sum(row.count for row in by_gender),
        )
        return context


class ExchangeVisitor(Orderable):
    page = ParentalKey(ExchangeVisitPage, on_delete=models.CASCADE, related_name="visitors")
    area = models.ForeignKey(
        "portal.AdministrativeArea",
        verbose_name=_("administrative area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_type = models.ForeignKey(
        "portal.ActorType",
        verbose_name=_("actor type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    panels = [FieldPanel("area"), FieldPanel("actor_type")]

    class Meta(Orderable.Meta):
        verbose_name = _("visiting administration")


class ParticipantsByGender(Orderable):
    page = ParentalKey(
        ExchangeVisitPage, on_delete=models.CASCADE, related_name="participants_by_gender"
    )
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices)
    count = models.PositiveIntegerField(_("number of participants"))
    panels = [FieldRowPanel([FieldPanel("gender"), FieldPanel("count")])]


class ParticipantsByActor(Orderable):
    page = ParentalKey(
        ExchangeVisitPage, on_delete=models.CASCADE, related_name="participants_by_actor"
    )
    actor_type = models.ForeignKey(
        "portal.ActorType",
        verbose_name=_("actor type"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("number of participants"))
    panels = [FieldRowPanel([FieldPanel("actor_type"), FieldPanel("count")])]


class FollowUpStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in-progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class FollowUpAction(TranslatableMixin, Orderable):
    """Translatable, so wagtail-localize offers ``what`` and ``who`` for translation."""

    page = ParentalKey(
        ExchangeVisitPage, on_delete=models.CASCADE, related_name="follow_up_actions"
    )
    what = models.CharField(_("what"), max_length=500)
    who = models.CharField(_("who"), max_length=255)
    due_date = models.DateField(_("by when"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=FollowUpStatus.choices, default=FollowUpStatus.PLANNED
    )
    panels = [
        FieldPanel("what"),
        FieldRowPanel([FieldPanel("who"), FieldPanel("due_date"), FieldPanel("status")]),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("follow-up action")
