"""A zip-based file from outside is checked against the limits before anything unpacks it."""

import io
import tracemalloc

import pytest
from django.test import override_settings
from django.utils import translation

from portal.infrastructure.zip_limits import ZipRefused, check_zip
from tests.support.hostile_zips import (
    damaged,
    encrypted,
    repacked,
    understating,
    with_zeros,
    word_document,
)

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_small_package_passes_and_is_left_at_its_start():
    data = word_document()
    upload = io.BytesIO(data)
    names = check_zip(upload)
    assert "word/document.xml" in names
    assert upload.tell() == 0 and upload.read() == data


def test_a_package_that_unpacks_past_the_default_limit_is_refused_from_its_directory():
    bomb = with_zeros(word_document(), 64 * MB)
    assert len(bomb) < MB  # what the upload or the import receives
    tracemalloc.start()
    try:
        with pytest.raises(ZipRefused, match="unpacks to more than"):
            check_zip(bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * MB  # nothing was unpacked


@override_settings(PORTAL_ZIP_MAX_UNPACKED_BYTES=2 * MB)
def test_the_unpacked_size_limit_is_a_setting():
    check_zip(with_zeros(word_document(), MB))
    with pytest.raises(ZipRefused, match="unpacks to more than"):
        check_zip(with_zeros(word_document(), 3 * MB))


@override_settings(PORTAL_ZIP_MAX_ENTRIES=20)
def test_a_package_with_too_many_entries_is_refused():
    data = word_document()
    extra = 20 - len(check_zip(data))
    twenty = repacked(data, add={f"customXml/extra{n}.xml": b"<a/>" for n in range(extra)})
    assert len(check_zip(twenty)) == 20
    with pytest.raises(ZipRefused, match="21 files; at most 20"):
        check_zip(repacked(twenty, add={"customXml/one-too-many.xml": b"<a/>"}))


def test_a_directory_that_understates_a_size_is_caught_while_unpacking():
    """The directory says 1,000 bytes; the entry holds 8 MB. The entry is read through a
    bounded stream, never past what the directory declared, and refused as damaged."""
    lying = understating(with_zeros(word_document(), 8 * MB), "word/media/image1.png", 1000)
    tracemalloc.start()
    try:
        with pytest.raises(ZipRefused, match="word/media/image1.png in it is damaged"):
            check_zip(lying)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * MB


def test_an_encrypted_entry_is_refused():
    with pytest.raises(ZipRefused, match="word/document.xml in it is encrypted"):
        check_zip(encrypted(word_document(), "word/document.xml"))


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"PK\x03\x04 this is not a zip", "not a zip archive"),
        (b"", "not a zip archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "password-protected"),
        (word_document()[:-30], "not a zip archive"),  # cut short
    ],
    ids=["not-a-zip", "empty", "password-protected-office-file", "truncated"],
)
def test_a_file_that_is_not_a_zip_is_refused_with_the_reason(data, reason):
    with pytest.raises(ZipRefused, match=reason):
        check_zip(data)


def test_a_damaged_entry_is_refused_naming_it():
    with pytest.raises(ZipRefused, match="word/document.xml in it is damaged"):
        check_zip(damaged(word_document(), "word/document.xml"))


def test_refusals_are_in_the_active_language():
    with translation.override("km"), pytest.raises(ZipRefused) as refused:
        check_zip(with_zeros(word_document(), 64 * MB))
    assert "ពន្លា" in refused.value.reason
