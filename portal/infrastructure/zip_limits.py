"""Limits on a zip-based file from outside (.docx, .xlsx, .pptx, .odt…), checked before any
library opens it.

A zip says in its central directory how large each entry unpacks to, and a megabyte of zeros
can unpack to a gigabyte: python-docx or openpyxl would hold all of it in memory. check_zip
reads the central directory first (the number of entries and their declared sizes, against the
limits), then unpacks every entry a chunk at a time, keeping nothing: a directory that
understates a size is caught there (zipfile reads an entry no further than its declared size,
and its checksum then fails; the running count stops at the limit whatever the reader does),
and a damaged or encrypted entry is refused with its reason.

The limits are the settings PORTAL_ZIP_MAX_UNPACKED_BYTES (default 50 MB) and
PORTAL_ZIP_MAX_ENTRIES (default 2,000): far above a guidebook or a spreadsheet of a few thousand
rows, far below what hurts a web process.
"""

import io
import lzma
import zipfile
import zlib

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 2000
CHUNK = 64 * 1024
# An encrypted Office file (and an old .doc or .xls) is an OLE compound file, not a zip.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ZipRefused(Exception):
    """A zip-based file refused before it is opened; ``reason`` says why (active language)."""

    def __init__(self, reason):
        self.reason = reason
        super().__init__(reason)


def check_zip(file):
    """Check a zip archive (bytes, or a seekable binary file, left at its start) against the
    limits and return the names of its entries; raise ZipRefused if it is not a zip, has too
    many entries, unpacks to too much, or has an encrypted or damaged entry."""
    max_bytes = getattr(settings, "PORTAL_ZIP_MAX_UNPACKED_BYTES", MAX_UNPACKED_BYTES)
    max_entries = getattr(settings, "PORTAL_ZIP_MAX_ENTRIES", MAX_ENTRIES)
    if isinstance(file, bytes | bytearray):
        file = io.BytesIO(file)
    start = file.tell()
    too_large = _("it unpacks to more than %(limit)s.") % {"limit": filesizeformat(max_bytes)}
    try:
        if file.read(len(OLE_SIGNATURE)) == OLE_SIGNATURE:
            raise ZipRefused(
                _(
                    "it is password-protected, or in an old format (.doc, .xls): remove the "
                    "password, or save it again in the current format."
                )
            )
        file.seek(start)
        try:
            archive = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
            raise ZipRefused(_("it is not a zip archive.")) from error
        with archive:
            entries = archive.infolist()
            if len(entries) > max_entries:
                raise ZipRefused(
                    _("it holds %(count)s files; at most %(limit)s are allowed.")
                    % {"count": len(entries), "limit": max_entries}
                )
            if sum(entry.file_size for entry in entries) > max_bytes:
                raise ZipRefused(too_large)
            encrypted = next((entry for entry in entries if entry.flag_bits & 0x1), None)
            if encrypted is not None:
                raise ZipRefused(_("%(name)s in it is encrypted.") % {"name": encrypted.filename})
            unpacked = 0
            for entry in entries:
                try:
                    with archive.open(entry) as stream:
                        while chunk := stream.read(CHUNK):
                            unpacked += len(chunk)
                            if unpacked > max_bytes:
                                raise ZipRefused(too_large)
                except (
                    zipfile.BadZipFile,
                    zlib.error,
                    lzma.LZMAError,
                    EOFError,
                    NotImplementedError,  # a compression method zipfile does not read
                    OSError,
                    ValueError,
                ) as error:
                    raise ZipRefused(
                        _("%(name)s in it is damaged (%(error)s).")
                        % {"name": entry.filename, "error": error}
                    ) from error
            return [entry.filename for entry in entries]
    finally:
        file.seek(start)
