from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import BaseStreamBlock
from portal.infrastructure import memo

from .addresses import ReadableSlugMixin


class HomePage(ReadableSlugMixin, Page):
    """What the portal is for, and the way into each part of it (its child pages)."""

    # Not in search results (search/results.py: every page type with text either has a
    # search_type or says here why not).
    search_excluded = (
        "The site's front door: every search starts from it, and its introduction and vision "
        "summarise what the guidebook and the section pages say in full, where a hit belongs."
    )

    intro = models.TextField(_("introduction"), blank=True)
    vision = RichTextField(_("vision, objective and target"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("vision"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The same parts as the menu (portal.navigation): editors choose both with "show in
        # menus", so pages such as the privacy notice stay out of the cards.
        # Kept per page-cache generation, as the menu is: a card per part, of several page types.
        context["sections"] = memo.remember(
            ("home sections", self.pk),
            lambda: list(self.get_children().live().public().in_menu().specific()),
        )
        return context


class StandardPage(ReadableSlugMixin, Page):
    """A plain page of text: about, contact, help."""

    search_type = "page"

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")
