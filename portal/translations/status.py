"""How current each page's translation is, per page and language, for the status view.

A page in the default language (Khmer) is a *source*; for each other language its
translation is:

- ``missing``: no page in that language;
- ``untracked``: a page wagtail-localize does not track (made by copying), so nothing can say
  whether it is current (``manage.py track_translations`` brings it under tracking);
- ``outdated``: the source was published after wagtail-localize last read it, or some of the
  source's strings have no translation yet (a sync brought new or changed text);
- ``in_sync``: wagtail-localize holds a translation of every string of the source as last
  published.

Everything is read in a fixed number of queries, whatever the number of pages.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import StringSegment, StringTranslation, Translation

MISSING, UNTRACKED, OUTDATED, IN_SYNC = "missing", "untracked", "outdated", "in_sync"
STATUSES = {
    MISSING: _("Missing"),
    UNTRACKED: _("Not tracked"),
    OUTDATED: _("Out of date"),
    IN_SYNC: _("In sync"),
}


@dataclass
class Row:
    page: Page  # the source page
    locale: Locale  # the language of the translation
    status: str
    target: Page | None = None
    translation: Translation | None = None
    translated: int = 0
    total: int = 0
    source_changed: bool = False

    @property
    def status_label(self):
        return STATUSES[self.status]


def home_page():
    """The default language's home page: its children are the site's sections."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    root = site.root_page
    return root.get_translation_or_none(Locale.get_default()) or root


def sections():
    """The site's sections (the guidebook, lessons, courses, …): the home page's children."""
    home = home_page()
    if home is None:
        return Page.objects.none()
    return home.get_children().order_by("path")


def _progress(source_ids, locale):
    """{source id: (strings, translated strings)} into ``locale``, in two queries."""
    segments = StringSegment.objects.filter(source_id__in=source_ids)
    totals = dict(segments.values_list("source_id").annotate(n=Count("pk")))
    translated = dict(
        segments.filter(
            Exists(
                StringTranslation.objects.filter(
                    translation_of_id=OuterRef("string_id"),
                    context_id=OuterRef("context_id"),
                    locale=locale,
                    has_error=False,
                )
            )
        )
        .values_list("source_id")
        .annotate(n=Count("pk"))
    )
    return {sid: (totals.get(sid, 0), translated.get(sid, 0)) for sid in source_ids}


def rows(pages=None, locales=None):
    """A :class:`Row` for each source page (default: every page of the default language
    below the site root) and each other language, in tree order."""
    default = Locale.get_default()
    if pages is None:
        pages = Page.objects.filter(depth__gt=1)
    pages = list(pages.filter(locale=default).order_by("path"))
    locales = list(locales or Locale.objects.exclude(pk=default.pk).order_by("language_code"))
    keys = [p.translation_key for p in pages]
    targets = {
        (p.translation_key, p.locale_id): p
        for p in Page.objects.filter(translation_key__in=keys, locale__in=locales)
    }
    translations = {
        (t.source.object_id, t.target_locale_id): t
        for t in Translation.objects.filter(
            enabled=True, source__locale=default, source__object_id__in=keys
        ).select_related("source")
    }
    source_ids = [t.source_id for t in translations.values()]
    progress = {locale.pk: _progress(source_ids, locale) for locale in locales}
    result = []
    for page in pages:
        for locale in locales:
            target = targets.get((page.translation_key, locale.pk))
            translation = translations.get((page.translation_key, locale.pk))
            row = Row(page, locale, MISSING, target, translation)
            if target is not None and translation is None:
                row.status = UNTRACKED
            elif target is not None:
                row.total, row.translated = progress[locale.pk][translation.source_id]
                row.source_changed = bool(
                    page.last_published_at
                    and page.last_published_at > translation.source.last_updated_at
                )
                complete = row.translated >= row.total
                row.status = IN_SYNC if complete and not row.source_changed else OUTDATED
            result.append(row)
    return result


def counts(found):
    """{status: number of rows} for every status, in the order of ``STATUSES``."""
    tally = dict.fromkeys(STATUSES, 0)
    for row in found:
        tally[row.status] += 1
    return tally


def status_of(page):
    """The :class:`Row` of a translated page (``page`` in a language other than the default),
    or None when it translates nothing."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return None
    source = Page.objects.filter(translation_key=page.translation_key, locale=default)
    found = rows(source, [page.locale])
    return found[0] if found else None
