"""A whole section's text in one PO file for a translator, and that file read back.

The export is wagtail-localize's own PO export of each page's translation
(``Translation.export_po``), combined: each entry's ``msgctxt`` is wagtail-localize's context
prefixed with the source page's id (``page-42/body.…``), and carries, as ``#.`` comments, the
page's title and the glossary terms its text contains. Exporting a section first brings each
page's ``TranslationSource`` up to the live page and starts a translation for a page that has
none yet (what "Translate this page" does), so the file holds the text as published.

The import checks the whole file before it writes anything, and writes in one transaction:
a file that is not one of these exports, is not PO, names a page that is not in the portal or
not translated into the file's language, or a string the page no longer has, is refused with
the reasons and nothing changes. Each page whose translated strings changed is then saved
through wagtail-localize (``Translation.save_target``), which writes the page and publishes it
once the transaction commits (wagtail-localize writes the page's row even for a "draft", so
there is no draft import); a page whose strings did not change is not touched, so importing an
untouched export changes nothing.
"""

import re
from dataclasses import dataclass, field

import polib
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation

from .glossary import Glossary
from .tracking import source_of

MARKER = "X-ISAF-Translation-Export"
_CONTEXT = re.compile(r"^page-(\d+)/(.+)$", re.DOTALL)


class ImportRefused(Exception):
    """The file was refused; ``errors`` says why, one line each. Nothing was written."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportReport:
    pages_changed: list = field(default_factory=list)
    strings_changed: int = 0
    pages_unchanged: int = 0


def _header(root, locale, glossary):
    lines = [
        _("%(section)s, to be translated into %(language)s.")
        % {"section": root.title, "language": locale.get_display_name()},
        _(
            "Write each translation in msgstr; leave msgctxt as it is. "
            "Lines starting with #. give the page and the glossary terms the text contains."
        ),
        "",
        _("Glossary:"),
    ]
    lines += [f"  {term.name_km} = {term.name_en}" for term in glossary]
    return "\n".join(lines)


def export(root, locale, user=None):
    """A ``polib.POFile`` of the text of ``root`` and its pages (default language) for
    translation into ``locale``, with the translations made so far."""
    default = Locale.get_default()
    glossary = Glossary()
    # Wide: a translator's tool shows long strings and comments better unwrapped.
    po = polib.POFile(wrapwidth=1000)
    po.header = _header(root, locale, glossary)
    po.metadata = {
        "Project-Id-Version": "ISAF portal",
        "POT-Creation-Date": timezone.now().strftime("%Y-%m-%d %H:%M%z"),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Transfer-Encoding": "8bit",
        "Language": locale.language_code,
        MARKER: f"{root.pk} {default.language_code}",
    }
    pages = Page.objects.filter(locale=default).descendant_of(root, inclusive=True)
    with transaction.atomic():
        for page in pages.order_by("path").specific():
            source = source_of(page)
            translation, _created = Translation.objects.get_or_create(
                source=source, target_locale=locale
            )
            if not translation.enabled:
                translation.enabled = True
                translation.save(update_fields=["enabled"])
            for entry in translation.export_po():
                if entry.obsolete:
                    continue
                comments = [
                    _("Page: %(title)s (%(path)s)") % {"title": page.title, "path": page.url_path}
                ]
                comments += [
                    _("Glossary: %(km)s = %(en)s") % {"km": term.name_km, "en": term.name_en}
                    for term in glossary.found_in(entry.msgid)
                ]
                po.append(
                    polib.POEntry(
                        msgctxt=f"page-{page.pk}/{entry.msgctxt}",
                        msgid=entry.msgid,
                        msgstr=entry.msgstr,
                        comment="\n".join(comments),
                    )
                )
    return po


def _parse(content):
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8")
        except UnicodeDecodeError:
            raise ImportRefused([_("The file is not UTF-8 text: it is not a PO file.")]) from None
    try:
        return polib.pofile(content)
    except (OSError, ValueError) as error:
        raise ImportRefused(
            [_("The file is not a valid PO file: %(error)s") % {"error": error}]
        ) from None


def _snapshot(translation):
    return dict(
        StringTranslation.objects.filter(
            context__object_id=translation.source.object_id, locale=translation.target_locale
        ).values_list("id", "data")
    )


def import_file(content, user=None, check_rights=False):
    """Read an export back (``content``: bytes or text) and publish the pages it changes.

    Raises :class:`ImportRefused`, having written nothing, when the file is refused. With
    ``check_rights``, ``user`` must be allowed to publish every page the file changes."""
    po = _parse(content)
    if MARKER not in po.metadata:
        raise ImportRefused(
            [
                _("This is not a translation export of this portal (its header has no %(marker)s).")
                % {"marker": MARKER}
            ]
        )
    default = Locale.get_default()
    locale = Locale.objects.filter(language_code=po.metadata.get("Language", "")).first()
    if locale is None or locale.pk == default.pk:
        raise ImportRefused(
            [
                _("The file's language (%(language)s) is not one the portal translates into.")
                % {"language": po.metadata.get("Language", "")}
            ]
        )
    errors, by_page = [], {}
    for entry in po:
        if entry.obsolete:
            continue
        match = _CONTEXT.match(entry.msgctxt or "")
        if match is None:
            errors.append(
                _("Line %(line)s: the context %(context)r names no page.")
                % {"line": entry.linenum, "context": entry.msgctxt}
            )
            continue
        by_page.setdefault(int(match.group(1)), []).append((entry, match.group(2)))
    translations = {
        t.source.object_id: t
        for t in Translation.objects.filter(
            source__locale=default, target_locale=locale, enabled=True
        ).select_related("source", "target_locale")
    }
    pages = Page.objects.in_bulk(by_page)
    work = []
    for page_id, entries in by_page.items():
        page = pages.get(page_id)
        translation = translations.get(page.translation_key) if page else None
        if page is None or page.locale_id != default.pk or translation is None:
            errors.append(
                _("Page %(id)s is not a page of the portal translated into %(language)s.")
                % {"id": page_id, "language": locale.get_display_name()}
            )
            continue
        work.append((page, translation, entries))
    if errors:
        raise ImportRefused(errors)
    report = ImportReport()
    with transaction.atomic():
        changed = []
        for page, translation, entries in work:
            single = polib.POFile()
            single.metadata = {"X-WagtailLocalize-TranslationID": str(translation.uuid)}
            for entry, context in entries:
                single.append(
                    polib.POEntry(msgid=entry.msgid, msgstr=entry.msgstr, msgctxt=context)
                )
            before = _snapshot(translation)
            warnings = translation.import_po(single, user=user, tool_name="PO export")
            for warning in warnings:
                errors.append(
                    _("Page %(id)s (%(title)s): %(problem)s; export the section again.")
                    % {"id": page.pk, "title": page.title, "problem": _describe(warning, entries)}
                )
            after = _snapshot(translation)
            difference = sum(1 for key, data in after.items() if before.get(key) != data)
            if difference:
                changed.append((page, translation))
                report.strings_changed += difference
            else:
                report.pages_unchanged += 1
        for page, _translation in changed:
            target = page.get_translation_or_none(locale)
            if check_rights and not _may_publish(user, target or page):
                errors.append(
                    _("You may not publish the page %(title)s.") % {"title": (target or page).title}
                )
        if errors:
            raise ImportRefused(errors)  # leaving the block rolls back every string written
        for page, translation in changed:
            translation.save_target(user=user, publish=True)
            report.pages_changed.append(page)
    return report


def _describe(warning, entries):
    index = getattr(warning, "index", None)
    text = entries[index][0].msgid if index is not None and index < len(entries) else ""
    return _("the string %(text)r is not in the page as last published") % {"text": text[:60]}


def _may_publish(user, page):
    return page.permissions_for_user(user).can_publish()
