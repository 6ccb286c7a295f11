"""Bringing a translation made outside wagtail-localize under its tracking.

Pages copied with ``copy_for_translation`` (the demo's factories, the guidebook importer's
English file) are translations wagtail-localize knows nothing of: Reports → Translations does
not list them and nothing says when their source changes. :func:`track` gives such a pair what
wagtail-localize's "Translate this page" would have made: a ``TranslationSource`` of the source
page, a ``Translation`` into the target's locale, and the target's current text as the
``StringTranslation`` of each source segment, so the translation is complete and in sync from
the start and an editor continues it in wagtail-localize's editor.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    String,
    StringTranslation,
    TranslationContext,
    TranslationSource,
)
from wagtail_localize.models import Translation as LocalizeTranslation
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

# A StreamField block's id in a segment's path: two imports of the same text in two languages
# give their blocks different ids, so segments are paired on their paths without them.
_BLOCK_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass
class Tracked:
    translation: LocalizeTranslation
    paired: int  # source strings given the target's text
    total: int  # source strings


def _strings(page):
    return [s for s in extract_segments(page) if isinstance(s, StringSegmentValue)]


def _shape(segment):
    return _BLOCK_ID.sub("#", segment.path)


def source_of(page):
    """The ``TranslationSource`` of ``page`` brought up to its live content (created if need
    be): wagtail-localize's own "sync" step, which also refreshes its segments."""
    page = page.specific
    source, created = TranslationSource.update_or_create_from_instance(page)
    if not created and page.last_published_at and source.last_updated_at < page.last_published_at:
        # Published again with the same content: nothing to re-extract, but it is current.
        source.last_updated_at = timezone.now()
        source.save(update_fields=["last_updated_at"])
    return source


@transaction.atomic
def track(source_page, target_page, user=None):
    """Make ``target_page`` the tracked translation of ``source_page``; idempotent.

    The target's strings are paired with the source's in order, on their field paths (block ids
    aside); a source string left unpaired (the two texts differ in shape there) stays
    untranslated, so the status view shows the translation as incomplete rather than guessing.
    The target page itself is not rewritten.
    """
    source_page, target_page = source_page.specific, target_page.specific
    source = source_of(source_page)
    translation, _ = LocalizeTranslation.objects.get_or_create(
        source=source, target_locale_id=target_page.locale_id
    )
    if not translation.enabled:
        translation.enabled = True
        translation.save(update_fields=["enabled"])
    ours, theirs = _strings(source_page), _strings(target_page)
    contexts = {c.path: c for c in TranslationContext.objects.filter(object_id=source.object_id)}
    matcher = SequenceMatcher(None, [_shape(s) for s in ours], [_shape(s) for s in theirs], False)
    paired = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            continue
        for mine, their in zip(ours[i1:i2], theirs[j1:j2], strict=True):
            text = their.string.data
            if not text.strip():
                continue
            string = String.from_value(source.locale, mine.string)
            StringTranslation.objects.update_or_create(
                translation_of=string,
                locale_id=target_page.locale_id,
                context=contexts[mine.path],
                defaults={
                    "data": text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "last_translated_by": user,
                    "has_error": False,
                    "field_error": "",
                },
            )
            paired += 1
    return Tracked(translation, paired, len(ours))


def track_all(root=None, user=None, overwrite=False):
    """Track every translation of the default language's pages (under ``root``, inclusive)
    that wagtail-localize does not track yet. Returns the list of :class:`Tracked`.

    A translation it tracks already is left alone (a translator's strings not yet saved to the
    page would be lost), unless ``overwrite``: the demo, which owns its pages' text, takes
    each page's current text again."""
    default = Locale.get_default()
    pages = Page.objects.filter(locale=default, depth__gt=1)
    if root is not None:
        pages = pages.descendant_of(root, inclusive=True)
    pages = pages.order_by("path")
    targets = {}
    for page in Page.objects.filter(
        translation_key__in=pages.values("translation_key"), depth__gt=1
    ).exclude(locale=default):
        targets.setdefault(page.translation_key, []).append(page)
    tracked = set()
    if not overwrite:
        tracked = set(
            LocalizeTranslation.objects.filter(
                enabled=True, source__locale=default, source__object_id__in=targets
            ).values_list("source__object_id", "target_locale_id")
        )
    done = []
    for page in pages:
        for target in targets.get(page.translation_key, []):
            if target.alias_of_id or (page.translation_key, target.locale_id) in tracked:
                continue  # an alias follows its source already
            done.append(track(page, target, user=user))
    return done
