"""Word files that would cost the server too much or are not what they claim: refused with the
reason, before python-docx unpacks them, and nothing is written (moved from
test_import_guidebook.py to keep modules under 400 lines)."""

import docx
import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import translation
from wagtail.models import Page

from knowledge_base.models import GuidebookChapterPage
from tests.knowledge_base.test_import_guidebook import import_file
from tests.support.hostile_zips import (
    damaged,
    encrypted,
    repacked,
    understating,
    with_zeros,
    word_document,
)

MB = 1024 * 1024
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NO_MAIN_DOCUMENT = (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
)


@pytest.fixture
def python_docx_opened(monkeypatch):
    """The files python-docx was asked to open during the test (not new documents built)."""
    opened = []
    original = docx.Document

    def document(docx=None):
        if docx is not None:
            opened.append(docx)
        return original(docx)

    monkeypatch.setattr(docx, "Document", document)
    return opened


def refuse(tmp_path, data, *args):
    """Import ``data`` as a .docx; the CommandError's message, after checking that it says
    nothing was imported and that no page was written."""
    path = tmp_path / "guide.docx"
    path.write_bytes(data)
    count = Page.objects.count()
    with pytest.raises(CommandError) as refused:
        import_file(path, "en", *args)
    assert "Nothing was imported" in str(refused.value)
    assert Page.objects.count() == count
    return str(refused.value)


@pytest.mark.django_db
def test_a_docx_that_unpacks_past_the_limit_is_refused_before_python_docx_opens_it(
    home, tmp_path, python_docx_opened
):
    # 64 MB of zeros behind an image name: under 100 KB on disk.
    bomb = with_zeros(word_document(), 64 * MB)
    message = refuse(tmp_path, bomb)
    assert "not a readable Word (.docx) document: it unpacks to more than 50" in message
    assert python_docx_opened == []
    # The same document without the bomb imports.
    (tmp_path / "guide.docx").write_bytes(word_document())
    import_file(tmp_path / "guide.docx", "en")
    assert GuidebookChapterPage.objects.get().title == "Planning"


@pytest.mark.django_db
@override_settings(PORTAL_ZIP_MAX_UNPACKED_BYTES=MB, PORTAL_ZIP_MAX_ENTRIES=20)
def test_the_limits_are_settings(home, tmp_path, python_docx_opened):
    assert "unpacks to more than 1" in refuse(tmp_path, with_zeros(word_document(), 2 * MB))
    many = repacked(word_document(), add={f"customXml/x{n}.xml": b"<x/>" for n in range(30)})
    assert "at most 20 are allowed" in refuse(tmp_path, many)
    assert python_docx_opened == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make,reason",
    [
        (
            lambda d: repacked(d, replace={"[Content_Types].xml": b"<Types>garbage</Types>"}),
            "[Content_Types].xml in it is not what a Word document holds there",
        ),
        (
            lambda d: repacked(d, replace={"[Content_Types].xml": b"<<<"}),
            "[Content_Types].xml in it is not well-formed XML",
        ),
        (
            lambda d: repacked(d, drop=["word/document.xml"]),
            "it has no word/document.xml, which every Word document has",
        ),
        (
            lambda d: repacked(d, replace={"word/document.xml": b"<w:document"}),
            "word/document.xml in it is not well-formed XML",
        ),
        (
            lambda d: repacked(d, replace={"word/document.xml": f"<w:document {W}/>".encode()}),
            "word/document.xml in it has no body",
        ),
        (lambda d: repacked(d, drop=["_rels/.rels"]), "it has no _rels/.rels"),
        (
            lambda d: repacked(d, replace={"_rels/.rels": NO_MAIN_DOCUMENT}),
            "its _rels/.rels names no main document",
        ),
        (
            lambda d: repacked(d, replace={"word/styles.xml": b"<w:styles"}),
            "word/styles.xml in it is not well-formed XML",
        ),
        (
            lambda d: encrypted(d, "word/document.xml"),
            "word/document.xml in it is encrypted",
        ),
        (lambda d: damaged(d, "word/document.xml"), "word/document.xml in it is damaged"),
        (
            lambda d: understating(with_zeros(d, 8 * MB), "word/media/image1.png", 1000),
            "word/media/image1.png in it is damaged",
        ),
        (
            lambda d: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024),
            "it is password-protected, or in an old format",
        ),
        (lambda d: d[: len(d) // 2], "it is not a zip archive"),
    ],
    ids=[
        "malformed-content-types",
        "content-types-not-xml",
        "no-document",
        "document-not-xml",
        "document-without-body",
        "no-relationships",
        "relationships-without-main-document",
        "styles-not-xml",
        "encrypted-entry",
        "damaged-entry",
        "directory-understates-a-size",
        "password-protected",
        "cut-short",
    ],
)
def test_a_malformed_docx_is_refused_with_its_reason(home, tmp_path, make, reason):
    message = refuse(tmp_path, make(word_document()))
    assert f"This is not a readable Word (.docx) document: {reason}" in message


@pytest.mark.django_db
def test_a_docx_refused_for_its_size_says_so_in_khmer_for_a_khmer_user(home, tmp_path):
    path = tmp_path / "guide.docx"
    path.write_bytes(with_zeros(word_document(), 64 * MB))
    with translation.override("km"), pytest.raises(CommandError) as refused:
        call_command("import_guidebook", str(path), "--locale", "km")
    message = str(refused.value)
    assert "នេះមិនមែនជាឯកសារ Word (.docx) ដែលអាចអានបានទេ៖ នៅពេលពន្លាចេញ វាធំជាង" in message
    assert "គ្មានអ្វីត្រូវបាននាំចូលទេ" in message
