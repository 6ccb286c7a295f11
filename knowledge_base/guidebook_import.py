"""Bring an existing guidebook in from Markdown or Word (.docx).

Two steps, so that nothing is written unless the whole file is good: ``parse_*`` reads the file
into a ``ParsedGuidebook`` and refuses it with the reason (and the line, for Markdown); then
``write_guidebook`` creates or updates the pages in one transaction.

Structure: ``#`` / Heading 1 is a chapter, ``##`` / Heading 2 a section of it. Text before the
first chapter is the guidebook's summary; text between a chapter heading and its first section
is the chapter's introduction.

Slugs, and so URLs, are stable across re-imports: a page's slug is the ``{#slug}`` written at the
end of its heading if there is one; otherwise the heading's readable slug (``portal.slugs``:
Khmer written in Latin letters, word by word); otherwise, for a heading with nothing to write,
its position (``chapter-3``, ``section-2``). A re-import finds each page by that slug under its
parent and updates it in place. A page imported before under its position (earlier imports
gave Khmer headings ``chapter-N``) is found there and given its readable slug; Wagtail's
redirects app sends the old address to the new one. Pages no longer in the file are
unpublished, not deleted. A file in another language than Khmer, imported after the Khmer one,
becomes its translation: each new page translates the Khmer page of the same slug.
"""

import html
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.models import Locale
from wagtail.rich_text import RichText

from portal.slugs import readable_slug
from portal.translations import tracking

EXPLICIT_SLUG = re.compile(r"\s*\{#([a-z0-9][a-z0-9-]*)\}\s*$")


class ImportRefused(Exception):
    """A file that cannot be imported; ``line`` is a line (Markdown) or paragraph (Word)."""

    def __init__(self, reason, line=None, unit="line"):
        self.reason = reason
        self.line = line
        self.unit = unit
        super().__init__(f"{unit} {line}: {reason}" if line else reason)


class GuidebookTitleDiffers(ImportRefused):
    """The import would update ``existing``, a guidebook with another title than the one asked
    for: most likely a different guidebook, whose pages the import would overwrite."""

    def __init__(self, existing, title):
        self.existing = existing
        self.title = title
        super().__init__(
            _(
                "The guidebook “%(existing)s” (%(url)s) already exists; this import is titled "
                "“%(title)s”."
            )
            % {"existing": existing.title, "url": existing.url, "title": title}
        )


@dataclass
class ParsedSection:
    title: str
    slug: str
    line: int | None
    blocks: list = field(default_factory=list)  # [(block type, value)]


@dataclass
class ParsedChapter:
    title: str
    slug: str
    line: int | None
    intro: str = ""
    sections: list = field(default_factory=list)


@dataclass
class ParsedGuidebook:
    summary: str = ""
    chapters: list = field(default_factory=list)

    def page_count(self):
        return len(self.chapters) + sum(len(c.sections) for c in self.chapters)


def _heading(text, position, kind, line, taken, unit="line"):
    """(title, slug) for a heading; ``taken`` holds the slugs already used beside it."""
    match = EXPLICIT_SLUG.search(text)
    title = EXPLICIT_SLUG.sub("", text).strip() if match else text.strip()
    if not title:
        raise ImportRefused(_("A heading has no text."), line, unit)
    if match:
        slug = match.group(1)
        if slug in taken:
            raise ImportRefused(
                _("The slug “%(slug)s” is used twice.") % {"slug": slug}, line, unit
            )
    else:
        slug = readable_slug(title, max_length=60) or f"{kind}-{position}"
        base, n = slug, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return title, slug


class _Builder:
    """Collects chapters and sections in reading order, whatever the source format."""

    def __init__(self, unit="line"):
        self.unit = unit
        self.guidebook = ParsedGuidebook()
        self.summary_html = []
        self.chapter_slugs = set()
        self.section_slugs = set()
        self.html = []  # rich text waiting to become a block

    def chapter(self, text, line):
        self.flush()
        title, slug = _heading(
            text, len(self.guidebook.chapters) + 1, "chapter", line, self.chapter_slugs, self.unit
        )
        self.guidebook.chapters.append(ParsedChapter(title, slug, line))
        self.section_slugs = set()

    def section(self, text, line):
        if not self.guidebook.chapters:
            raise ImportRefused(
                _("A section (## or Heading 2) comes before any chapter (# or Heading 1)."),
                line,
                self.unit,
            )
        self.flush()
        chapter = self.guidebook.chapters[-1]
        title, slug = _heading(
            text, len(chapter.sections) + 1, "section", line, self.section_slugs, self.unit
        )
        chapter.sections.append(ParsedSection(title, slug, line))

    def add_html(self, fragment):
        if fragment.strip():
            self.html.append(fragment)

    def add_table(self, rows):
        self.flush()
        width = max((len(r) for r in rows), default=0)
        data = [r + [""] * (width - len(r)) for r in rows]
        value = {
            "data": data,
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_header_choice": "row",
        }
        self._target_blocks("table", value)

    def _target_blocks(self, kind, value):
        chapter = self.guidebook.chapters[-1] if self.guidebook.chapters else None
        if chapter is None or not chapter.sections:
            # Tables outside a section: keep them as text in the summary or introduction.
            text = "".join(
                "<p>" + " | ".join(html.escape(c) for c in row) + "</p>" for row in value["data"]
            )
            self.html.append(text)
            self.flush()
            return
        chapter.sections[-1].blocks.append((kind, value))

    def flush(self):
        if not self.html:
            return
        fragment, self.html = "".join(self.html), []
        chapter = self.guidebook.chapters[-1] if self.guidebook.chapters else None
        if chapter is None:
            self.summary_html.append(fragment)
        elif not chapter.sections:
            chapter.intro += fragment
        else:
            chapter.sections[-1].blocks.append(("paragraph", RichText(fragment)))

    def result(self):
        self.flush()
        if not self.guidebook.chapters:
            raise ImportRefused(
                _("No chapter heading found: start each chapter with “# ” or Heading 1.")
            )
        self.guidebook.summary = strip_tags(" ".join(self.summary_html)).strip()
        return self.guidebook


def parse_file(path) -> ParsedGuidebook:
    name = str(path).lower()
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise ImportRefused(_("Cannot read the file: %(error)s") % {"error": error}) from error
    if name.endswith(".docx"):
        from .docx_import import parse_docx  # it builds on this module's parser

        return parse_docx(data)
    if name.endswith((".md", ".markdown", ".txt")):
        from .markdown_import import parse_markdown  # it builds on this module's parser

        return parse_markdown(data)
    raise ImportRefused(_("Unknown file type: use a .md (Markdown) or .docx (Word) file."))


# --- Writing --------------------------------------------------------------------------------


@dataclass
class ImportReport:
    guidebook: object = None
    created: int = 0
    updated: int = 0
    unpublished: int = 0


def _place(page, parent, position, siblings):
    """Keep the tree order the file's order; moving within a parent keeps the URL."""
    if siblings[position].pk != page.pk:
        page.move(siblings[position], pos="left")


def _translation_source(model, parent, slug):
    """The page this new page translates: the page of the same slug under the page ``parent``
    translates, in the default language (Khmer). None for a page in the default language, or
    one whose counterpart is not there."""
    default = Locale.get_default()
    if parent.locale_id == default.pk:
        return None
    source_parent = parent.get_translation_or_none(default)
    if source_parent is None:
        return None
    return model.objects.child_of(source_parent).filter(slug=slug).first()


def _upsert(model, parent, slug, fields, report, user, earlier_slug=None):
    """Create or update the page ``slug`` under ``parent``; a page still at ``earlier_slug`` (its
    position, as earlier imports named Khmer headings) is that page, moved to its new address."""
    siblings = model.objects.child_of(parent)
    page = siblings.filter(slug=slug).first()
    if page is None and earlier_slug and earlier_slug != slug:
        page = siblings.filter(slug=earlier_slug).first()
        if page is not None:
            page.slug = slug  # published below; Wagtail redirects the old address
    if page is None:
        source = _translation_source(model, parent, slug)
        if source is not None:
            # Importing the English file after the Khmer one: each page becomes the Khmer
            # page's translation (the language switcher links them), its fields from the file.
            page = source.copy_for_translation(parent.locale).specific
            for name, value in fields.items():
                setattr(page, name, value)
        else:
            page = model(slug=slug, locale=parent.locale, **fields)
            parent.add_child(instance=page)
        report.created += 1
    else:
        for name, value in fields.items():
            setattr(page, name, value)
        report.updated += 1
    page.save_revision(user=user, log_action=True).publish(user=user)
    _track_translation(page, user)
    return page


def _track_translation(page, user):
    """Let wagtail-localize track a page imported in another language than the default one as
    its source's translation, so the translation status view and the PO export see it (and a
    re-import refreshes its strings)."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return
    source = page.get_translation_or_none(default)
    if source is not None:
        tracking.track(source, page, user=user)


def _addresses(guidebook):
    """{page id: (site id, path)} of the guidebook's pages."""
    addresses = {}
    for page in guidebook.get_descendants():
        site_id, _root, path = page.get_url_parts() or (None, None, None)
        if path:
            addresses[page.pk] = (site_id, path)
    return addresses


def _redirect_moved(before, after):
    """A permanent redirect from each page's old address to the page, for every page whose
    address the import changed. Wagtail's own redirects follow one slug change at a time; a
    chapter and its sections renamed together would leave the sections' old addresses dead."""
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.models import Page, Site

    for pk, (site_id, old_path) in before.items():
        if pk in after and after[pk][1] != old_path:
            site = Site.objects.filter(pk=site_id).first()
            normalised = Redirect.normalise_path(old_path)
            if not Redirect.objects.filter(old_path=normalised, site=site).exists():
                Redirect.add_redirect(old_path, redirect_to=Page.objects.get(pk=pk), site=site)


def _order(parent, model, wanted_slugs):
    for position, slug in enumerate(wanted_slugs):
        siblings = list(model.objects.child_of(parent).order_by("path"))
        page = next(p for p in siblings if p.slug == slug)
        _place(page, parent, position, siblings)


def write_guidebook(parsed, *, locale_code, title=None, slug="guidebook", user=None, replace=False):
    """Create or update the guidebook in ``locale_code`` from ``parsed``, in one transaction.

    Updating an existing guidebook whose title is not ``title`` is refused
    (GuidebookTitleDiffers) unless ``replace``: it is then renamed and its pages not in the file
    unpublished."""
    from portal.models import HomePage

    from .models import GuidebookChapterPage, GuidebookPage, GuidebookSectionPage

    locale = Locale.objects.filter(language_code=locale_code).first()
    if locale is None:
        raise ImportRefused(_("Unknown language: %(code)s") % {"code": locale_code})
    home = HomePage.objects.filter(locale=locale, depth=2).first()
    if home is None:
        raise ImportRefused(_("There is no home page in this language to put the guidebook under."))
    report = ImportReport()
    with transaction.atomic():
        existing = GuidebookPage.objects.child_of(home).filter(slug=slug).first()
        if existing and title and title != existing.title and not replace:
            raise GuidebookTitleDiffers(existing, title)
        with translation.override(locale_code):
            default_title = existing.title if existing else _("Joint guidebook")
        fields = {"title": title or default_title}
        if parsed.summary:
            fields["summary"] = parsed.summary
        guidebook = _upsert(GuidebookPage, home, slug, fields, report, user)
        addresses_before = _addresses(guidebook)
        kept = set()
        for chapter_number, chapter in enumerate(parsed.chapters, start=1):
            chapter_page = _upsert(
                GuidebookChapterPage,
                guidebook,
                chapter.slug,
                {"title": chapter.title, "intro": chapter.intro},
                report,
                user,
                earlier_slug=f"chapter-{chapter_number}",
            )
            kept.add(chapter_page.pk)
            for section_number, section in enumerate(chapter.sections, start=1):
                section_page = _upsert(
                    GuidebookSectionPage,
                    chapter_page,
                    section.slug,
                    {"title": section.title, "body": section.blocks},
                    report,
                    user,
                    earlier_slug=f"section-{section_number}",
                )
                kept.add(section_page.pk)
            _order(chapter_page, GuidebookSectionPage, [s.slug for s in chapter.sections])
        _order(guidebook, GuidebookChapterPage, [c.slug for c in parsed.chapters])
        for stale in guidebook.get_descendants().live().exclude(pk__in=kept).specific():
            stale.unpublish(user=user)
            report.unpublished += 1
        _redirect_moved(addresses_before, _addresses(guidebook))
    report.guidebook = guidebook
    return report
