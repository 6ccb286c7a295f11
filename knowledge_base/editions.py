"""Publishing guidebook editions and comparing them.

``publish_edition`` freezes the guidebook as it is published now: one ``EditionPage`` per chapter
and section (its number, title, plain text and live revision), in one transaction, and enqueues
the frozen PDF on commit (``tasks.build_edition_pdf``). ``compare`` says what changed between an
edition and the one before it: pages added, removed and changed, each change a word-level diff.
Words are cut as search cuts them (``portal.khmer``: ICU's Khmer words after khnormal), so a
changed Khmer word shows as one word, not as a run of clusters or a whole unspaced phrase.
"""

import datetime
import html
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from portal import khmer
from portal.infrastructure import outbox


class EditionRefused(Exception):
    """An edition that cannot be published (a number already used or not after the last)."""

    def __init__(self, reason):
        self.reason = reason
        super().__init__(reason)


def latest_edition(guidebook):
    return guidebook.editions.order_by("-number").first()


def next_edition_number(guidebook):
    latest = latest_edition(guidebook)
    return latest.number + 1 if latest else 1


def check_edition_number(guidebook, number):
    """Refuse a number that is not after the guidebook's latest edition (EditionRefused)."""
    latest = latest_edition(guidebook) if guidebook.pk else None
    if number is not None and number < 1:
        raise EditionRefused(_("An edition number is 1 or more."))
    if latest is not None and number is not None and number <= latest.number:
        raise EditionRefused(
            _(
                "Edition %(number)s cannot be published: the latest edition of this guidebook "
                "is %(latest)s; the next is %(next)s."
            )
            % {"number": number, "latest": latest.number, "next": latest.number + 1}
        )


BLOCK_END = re.compile(r"</(p|li|h[1-6]|tr|blockquote)>|<br\s*/?>", re.IGNORECASE)


def _html_text(source):
    """Plain text of rich text, one line per paragraph or list item."""
    text = html.unescape(strip_tags(BLOCK_END.sub("\n", str(source or ""))))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def page_text(page):
    """The plain text of a chapter (its introduction) or a section (every block of its body,
    as search reads them: rich text, headings, lists, tables), one line per paragraph."""
    if hasattr(page, "intro"):
        return _html_text(page.intro)
    lines = []
    for block in getattr(page, "body", None) or []:
        if block.block_type in ("paragraph",):
            lines.append(_html_text(block.value.source))
            continue
        for piece in block.block.get_searchable_content(block.value):
            lines.append(_html_text(piece))
    return "\n".join(line for line in lines if line)


def publish_edition(guidebook, *, number=None, summary="", published_on=None, user=None):
    """Freeze the live guidebook as edition ``number`` (the next one by default).

    Everything is written in one transaction, the frozen PDF is built after commit in the
    background; a refused edition (EditionRefused) writes nothing."""
    from .models import EditionPage, GuidebookEdition, GuidebookPage
    from .tasks import build_edition_pdf, guidebook_fingerprint

    with transaction.atomic():
        # One publisher at a time per guidebook, so two editors never take the same number.
        guidebook = GuidebookPage.objects.select_for_update().get(pk=guidebook.pk)
        if not guidebook.live:
            raise EditionRefused(_("Publish the guidebook itself before publishing an edition."))
        check_edition_number(guidebook, number)
        edition = GuidebookEdition.objects.create(
            guidebook=guidebook,
            number=number or next_edition_number(guidebook),
            published_on=published_on or timezone.localdate(),
            summary=summary or "",
            revision_id=guidebook.live_revision_id,
            fingerprint=guidebook_fingerprint(guidebook),
            published_by=user if getattr(user, "is_authenticated", False) else None,
        )
        rows = []
        for chapter, sections in guidebook.table_of_contents():
            for page, kind in [(chapter, EditionPage.Kind.CHAPTER)] + [
                (section, EditionPage.Kind.SECTION) for section in sections
            ]:
                rows.append(
                    EditionPage(
                        edition=edition,
                        page_key=page.pk,
                        revision_id=page.live_revision_id,
                        kind=kind,
                        position=len(rows),
                        number=page.number,
                        title=page.title,
                        text=page_text(page),
                    )
                )
        EditionPage.objects.bulk_create(rows)
        outbox.enqueue(build_edition_pdf, edition.pk)
    return edition


# --- Comparing two editions ------------------------------------------------------------------

#: Unchanged text longer than this many pieces is cut to its ends around the changes.
CONTEXT = 12


@dataclass
class PageChange:
    """One chapter or section that differs between two editions."""

    before: object = None  # EditionPage in the earlier edition, or None (added)
    after: object = None  # EditionPage in this edition, or None (removed)
    diff: list = field(default_factory=list)  # [(op, text)]: op is equal, added, removed, gap
    words_added: int = 0
    words_removed: int = 0

    @property
    def page(self):
        return self.after or self.before

    @property
    def title_changed(self):
        return bool(self.before and self.after and self.before.title != self.after.title)

    @property
    def moved(self):
        return bool(self.before and self.after and self.before.number != self.after.number)


@dataclass
class Changes:
    edition: object
    previous: object
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.added or self.removed or self.changed)


def _is_word(piece):
    return any(character.isalnum() or "\u1780" <= character <= "\u17ff" for character in piece)


def word_diff(before, after):
    """[(op, text)] turning ``before`` into ``after`` word by word (words as search cuts them);
    long unchanged stretches are cut to ``CONTEXT`` pieces on each side of a change (op "gap")."""
    old, new = khmer.tokens(before), khmer.tokens(after)
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    opcodes = matcher.get_opcodes()
    result = []
    for index, (op, a1, a2, b1, b2) in enumerate(opcodes):
        if op == "equal":
            pieces = old[a1:a2]
            first, last = index == 0, index == len(opcodes) - 1
            head = [] if first else pieces[:CONTEXT]
            tail = [] if last else pieces[-CONTEXT:]
            if len(pieces) > len(head) + len(tail) + CONTEXT:
                if head:
                    result.append(("equal", "".join(head)))
                result.append(("gap", ""))
                if tail:
                    result.append(("equal", "".join(tail)))
            else:
                result.append(("equal", "".join(pieces)))
            continue
        if a2 > a1:
            result.append(("removed", "".join(old[a1:a2])))
        if b2 > b1:
            result.append(("added", "".join(new[b1:b2])))
    return result


def _count_words(diff, op):
    return sum(
        sum(1 for piece in khmer.tokens(text) if _is_word(piece))
        for kind, text in diff
        if kind == op
    )


def compare(edition, previous=None):
    """What changed from ``previous`` (the edition before by default) to ``edition``."""
    previous = previous if previous is not None else edition.previous()
    changes = Changes(edition=edition, previous=previous)
    after = list(edition.pages.all())
    if previous is None:
        return changes
    before = {row.page_key: row for row in previous.pages.all()}
    seen = set()
    for row in after:
        old = before.get(row.page_key)
        seen.add(row.page_key)
        if old is None:
            changes.added.append(PageChange(after=row))
            continue
        # A section only renumbered (one added or removed before it) has not changed.
        if old.title == row.title and old.text == row.text:
            continue
        change = PageChange(before=old, after=row)
        if old.text != row.text:
            change.diff = word_diff(old.text, row.text)
            change.words_added = _count_words(change.diff, "added")
            change.words_removed = _count_words(change.diff, "removed")
        changes.changed.append(change)
    changes.removed = [PageChange(before=row) for key, row in before.items() if key not in seen]
    return changes


def parse_date(value):
    """A YYYY-MM-DD date, or EditionRefused."""
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise EditionRefused(
            _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value}
        ) from error
