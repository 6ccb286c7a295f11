"""The joint guidebook (Strategy 3): guidebook → chapters → sections."""

from django.db import models
from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.infrastructure import memo
from portal.models import ReadableSlugMixin, TaggedContentMixin

from ..blocks import SectionBodyBlock


class GuidebookPage(ReadableSlugMixin, Page):
    """The guidebook itself: its edition, the table of contents and the PDF of the whole text."""

    search_type = "guidebook"

    edition = models.CharField(_("edition"), max_length=100, blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("edition"),
        FieldPanel("effective_date"),
        FieldPanel("summary"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["knowledge_base.GuidebookChapterPage"]

    class Meta:
        verbose_name = _("guidebook")

    def chapters(self):
        return GuidebookChapterPage.objects.child_of(self).live().order_by("path")

    def sections(self):
        return GuidebookSectionPage.objects.descendant_of(self).live().order_by("path")

    def table_of_contents(self):
        """[(chapter, [sections])], numbered 1, 1.1, 1.2 … in tree order.

        Each page gets ``number`` and ``numbered_title`` ("1. Title", "1.1 Title"): the one label
        the table of contents, the sidebar, the chapter's section list, previous/next and the PDF
        show. Lists that show it are unnumbered (class ``numbered``), so no number appears twice.
        """
        sections = list(self.sections())
        toc = []
        for number, chapter in enumerate(self.chapters(), start=1):
            _number(chapter, f"{number}.")
            children = [s for s in sections if s.path.startswith(chapter.path)]
            for sub, section in enumerate(children, start=1):
                _number(section, f"{number}.{sub}")
            toc.append((chapter, children))
        return toc

    # What the guidebook's pages show around their own text is kept per page-cache generation
    # (``portal.infrastructure.memo``: every edit of a page, an edition or the PDF sets a new one),
    # so a page built again reads none of it. Shared rows: read them, never change them.

    def contents(self):
        """``table_of_contents()``, kept per generation."""
        return memo.remember(("guidebook contents", self.pk), self.table_of_contents)

    def editions_newest_first(self):
        return memo.remember(
            ("guidebook editions", self.pk), lambda: list(self.editions.order_by("-number"))
        )

    def last_updated(self):
        own = self.last_published_at
        below = self.get_descendants().live().aggregate(latest=Max("last_published_at"))["latest"]
        return max(filter(None, [own, below]), default=None)

    def get_context(self, request, *args, **kwargs):
        def read():
            from ..tasks import guidebook_fingerprint
            from .pdf import GuidebookPDF

            editions = self.editions_newest_first()
            return {
                "pdf": GuidebookPDF.objects.filter(guidebook=self).first(),
                "changed_since_edition": bool(editions)
                and editions[0].fingerprint != guidebook_fingerprint(self),
            }

        context = super().get_context(request, *args, **kwargs)
        editions = self.editions_newest_first()
        context.update(
            toc=self.contents(),
            editions=editions,
            edition=editions[0] if editions else None,
            **memo.remember(("guidebook page", self.pk), read),
        )
        return context


def _number(page, label):
    page.number = label.rstrip(".")
    page.numbered_title = f"{label} {page.title}"


class GuidebookChapterPage(ReadableSlugMixin, Page):
    """A chapter: its introduction (often most of a real document's text: paragraphs and lists
    under a ``#`` heading) and its sections. Searched on its own title and introduction only, so
    a hit on the chapter never repeats its sections' text."""

    search_type = "guidebook_chapter"

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["knowledge_base.GuidebookPage"]
    subpage_types = ["knowledge_base.GuidebookSectionPage"]

    class Meta:
        verbose_name = _("guidebook chapter")

    @property
    def guidebook(self):
        # Kept per generation with the rest of what the guidebook's pages show.
        return memo.remember(
            ("guidebook above", self.path), lambda: GuidebookPage.objects.ancestor_of(self).first()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        guidebook = self.guidebook
        toc = guidebook.contents() if guidebook else []
        chapters = [chapter for chapter, _sections in toc]
        index_of = next((i for i, c in enumerate(chapters) if c.pk == self.pk), None)
        context.update(
            guidebook=guidebook,
            toc=toc,
            sections=next((s for c, s in toc if c.pk == self.pk), []),
            number=chapters[index_of].number if index_of is not None else "",
            previous_page=chapters[index_of - 1] if index_of else None,
            next_page=(
                chapters[index_of + 1]
                if index_of is not None and index_of + 1 < len(chapters)
                else None
            ),
        )
        return context


class GuidebookSectionPage(ReadableSlugMixin, TaggedContentMixin, Page):
    search_type = "guidebook_section"

    body = StreamField(SectionBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")] + TaggedContentMixin.tagging_panels
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["knowledge_base.GuidebookChapterPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("guidebook section")

    @property
    def guidebook(self):
        # Kept per generation with the rest of what the guidebook's pages show.
        return memo.remember(
            ("guidebook above", self.path), lambda: GuidebookPage.objects.ancestor_of(self).first()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        guidebook = self.guidebook
        toc = guidebook.contents() if guidebook else []
        reading_order = [section for _chapter, sections in toc for section in sections]
        editions = guidebook.editions_newest_first() if guidebook else []
        edition = editions[0] if editions else None
        if edition is not None:
            from ..editions import page_text

            frozen = memo.remember(
                ("edition page", edition.pk, self.pk),
                lambda: edition.pages.filter(page_key=self.pk).first(),
            )
            context["edition"] = edition
            # Compared by text, not revision: publishing an unchanged section changes nothing.
            context["changed_since_edition"] = frozen is None or (
                frozen.title != self.title or frozen.text != page_text(self)
            )
        position = next((i for i, s in enumerate(reading_order) if s.pk == self.pk), None)
        chapter = next((c for c, s in toc if any(x.pk == self.pk for x in s)), None)
        context.update(
            guidebook=guidebook,
            chapter=chapter,
            toc=toc,
            number=reading_order[position].number if position is not None else "",
            previous_page=reading_order[position - 1] if position else None,
            next_page=(
                reading_order[position + 1]
                if position is not None and position + 1 < len(reading_order)
                else None
            ),
        )
        return context
