"""Lessons learned and good practices (Strategy 2), shared by CSOs and administrations."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.models import ReadableSlugMixin, TaggedContentMixin
from portal.vocabulary import attach

from ..blocks import AttachmentsBlock, GalleryBlock
from ..permissions import ReviewedPageMixin


class Sector(models.TextChoices):
    COMMUNE_ADMINISTRATION = "commune-administration", _("Commune administration")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    OTHER = "other", _("Other")


class LessonIndexPage(ReadableSlugMixin, Page):
    search_type = "lessons_index"

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["knowledge_base.LessonPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("lessons index")

    def get_context(self, request, *args, **kwargs):
        from ..filters import LessonFilter

        context = super().get_context(request, *args, **kwargs)
        context.update(LessonFilter(request, self).context())
        return context


class LessonPage(ReadableSlugMixin, ReviewedPageMixin, TaggedContentMixin, Page):
    search_type = "lesson"

    summary = models.TextField(_("summary"))
    context = RichTextField(_("context"), blank=True)
    what_was_done = RichTextField(_("what was done"), blank=True)
    results = RichTextField(_("results"), blank=True)
    what_was_learned = RichTextField(_("what was learned"), blank=True)
    recommendations = RichTextField(_("recommendations"), blank=True)
    sector = models.CharField(
        _("sector"), max_length=32, choices=Sector.choices, default=Sector.OTHER
    )
    date = models.DateField(_("date"), null=True, blank=True)
    organisation = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("contributing organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    images = StreamField(GalleryBlock(), verbose_name=_("images"), blank=True)
    attachments = StreamField(AttachmentsBlock(), verbose_name=_("attachments"), blank=True)

    content_panels = (
        Page.content_panels
        + [
            FieldPanel("summary"),
            FieldPanel("context"),
            FieldPanel("what_was_done"),
            FieldPanel("results"),
            FieldPanel("what_was_learned"),
            FieldPanel("recommendations"),
            MultiFieldPanel(
                [FieldPanel("sector"), FieldPanel("date"), FieldPanel("organisation")],
                heading=_("About the practice"),
            ),
        ]
        + TaggedContentMixin.tagging_panels
        + [FieldPanel("images"), FieldPanel("attachments")]
    )
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("context"),
        index.SearchField("what_was_done"),
        index.SearchField("results"),
        index.SearchField("what_was_learned"),
        index.SearchField("recommendations"),
        index.FilterField("sector"),
        index.FilterField("date"),
    ]
    parent_page_types = ["knowledge_base.LessonIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson or good practice")
        verbose_name_plural = _("lessons and good practices")

    SECTIONS = [
        ("context", _("Context")),
        ("what_was_done", _("What was done")),
        ("results", _("Results")),
        ("what_was_learned", _("What was learned")),
        ("recommendations", _("Recommendations")),
    ]

    SECTION_FIELDS = [name for name, _label in SECTIONS]

    def get_context(self, request, *args, **kwargs):
        # The place (with the places above it) and the organisation from the vocabulary kept
        # per generation, not a query per level (issue 15).
        attach((self, "area"), (self, "organisation"))
        return super().get_context(request, *args, **kwargs)

    def sections(self):
        return [
            (label, getattr(self, name)) for name, label in self.SECTIONS if getattr(self, name)
        ]
