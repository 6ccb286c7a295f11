"""Reading a guidebook from a Word ``.docx``: the package checked first (zip limits, the parts
every Word document has, well-formed XML), then its headings, paragraphs, lists and links read
into the same ``ParsedGuidebook`` as the Markdown reader gives
(``knowledge_base.guidebook_import``).
"""

import html
import io
import posixpath
import zipfile

from django.utils.translation import gettext as _

from portal.infrastructure.zip_limits import ZipRefused, check_zip

from .guidebook_import import ImportRefused, ParsedGuidebook, _Builder


def _style(paragraph):
    style = paragraph.style
    return ((style.name or "") if style is not None else "").lower().replace(" ", "")


def _runs_html(paragraph):
    from docx.text.hyperlink import Hyperlink

    parts = []
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            text = html.escape(item.text)
            parts.append(
                f'<a href="{html.escape(item.address)}">{text}</a>' if item.address else text
            )
            continue
        text = html.escape(item.text)
        if not text:
            continue
        if item.bold:
            text = f"<b>{text}</b>"
        if item.italic:
            text = f"<i>{text}</i>"
        parts.append(text)
    return "".join(parts)


CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}Types"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationships"
WORD_DOCUMENT = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}document"
WORD_BODY = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)


def _unreadable(reason):
    return ImportRefused(
        _("This is not a readable Word (.docx) document: %(error)s") % {"error": reason}
    )


def _check_docx_package(data):
    """Refuse, with the reason, a .docx that python-docx should not open or would fail on with
    an obscure error: past the limits of portal.infrastructure.zip_limits (checked before
    anything is unpacked), with an XML part that is not well-formed, or without the parts every Word
    document has: its content types, its relationships and the main document they name."""
    from lxml import etree

    try:
        names = check_zip(data)
    except ZipRefused as refused:
        raise _unreadable(refused.reason) from refused
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    tags, main = {}, None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in names:
            if not name.endswith((".xml", ".rels")):
                continue
            try:
                root = etree.fromstring(archive.read(name), parser)
            except etree.XMLSyntaxError as error:
                raise _unreadable(
                    _("%(part)s in it is not well-formed XML (%(error)s).")
                    % {"part": name, "error": error}
                ) from error
            tags[name] = root.tag
            if root.tag == WORD_DOCUMENT and root.find(WORD_BODY) is None:
                raise _unreadable(_("%(part)s in it has no body.") % {"part": name})
            if name == "_rels/.rels":
                targets = [r.get("Target", "") for r in root if r.get("Type") == OFFICE_DOCUMENT]
                main = posixpath.normpath("/" + targets[0]).lstrip("/") if targets else None
    for part, tag in [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELATIONSHIPS)]:
        _expect_part(tags, part, tag)
    if main is None:
        raise _unreadable(_("its _rels/.rels names no main document."))
    _expect_part(tags, main, WORD_DOCUMENT)


def _expect_part(tags, part, tag):
    """Refuse a package whose ``part`` is missing or does not start with the element ``tag``."""
    if part not in tags:
        raise _unreadable(_("it has no %(part)s, which every Word document has.") % {"part": part})
    if tags[part] != tag:
        raise _unreadable(
            _("%(part)s in it is not what a Word document holds there.") % {"part": part}
        )


def parse_docx(data: bytes) -> ParsedGuidebook:
    """A Word document: Heading 1 → chapter, Heading 2 → section; paragraphs, bold, italic,
    hyperlinks, bulleted and numbered lists (List Bullet / List Number styles), tables.

    The file is checked before python-docx opens it (_check_docx_package); whatever else
    python-docx finds wrong while reading is refused with its words, not a traceback."""
    import docx

    if not data.strip():
        raise ImportRefused(_("The file is empty."))
    _check_docx_package(data)
    try:
        return _read_docx(docx.Document(io.BytesIO(data)))
    except ImportRefused:
        raise
    except Exception as error:  # python-docx reads lazily: a damaged part fails while read
        raise _unreadable(str(error) or type(error).__name__) from error


def _read_docx(document):
    from docx.table import Table

    content = list(document.iter_inner_content())
    builder = _Builder(unit="paragraph")
    open_list = None
    for number, item in enumerate(content, start=1):
        if isinstance(item, Table):
            if open_list:
                builder.add_html(f"</{open_list}>")
                open_list = None
            builder.add_table([[cell.text.strip() for cell in row.cells] for row in item.rows])
            continue
        style = _style(item)
        list_kind = (
            "ul"
            if style.startswith("listbullet")
            else "ol"
            if style.startswith("listnumber")
            else None
        )
        if open_list and list_kind != open_list:
            builder.add_html(f"</{open_list}>")
            open_list = None
        if style == "heading1":
            builder.chapter(item.text, number)
        elif style == "heading2":
            builder.section(item.text, number)
        elif style in ("heading3", "heading4"):
            builder.add_html(f"<h3>{_runs_html(item)}</h3>")
        elif list_kind:
            if open_list is None:
                builder.add_html(f"<{list_kind}>")
                open_list = list_kind
            builder.add_html(f"<li>{_runs_html(item)}</li>")
        elif item.text.strip():
            builder.add_html(f"<p>{_runs_html(item)}</p>")
    if open_list:
        builder.add_html(f"</{open_list}>")
    return builder.result()
