"""Zip packages (.docx and the like) built to hurt whoever unpacks them, for the tests of
portal.infrastructure.zip_limits and of the imports and uploads that use it."""

import io
import struct
import zipfile

import docx

CENTRAL_HEADER = b"PK\x01\x02"
LOCAL_HEADER = b"PK\x03\x04"


def word_document(heading="Planning"):
    """A small valid .docx (one chapter), as bytes."""
    document = docx.Document()
    document.add_heading(heading, level=1)
    document.add_paragraph("How to plan SA work.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def repacked(data, *, replace=None, drop=(), add=None):
    """The package ``data`` with entries replaced or added ({name: bytes}) or dropped."""
    replace, add = replace or {}, add or {}
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            if name not in drop:
                target.writestr(name, replace.get(name, source.read(name)))
        for name, content in add.items():
            target.writestr(name, content)
    return buffer.getvalue()


def with_zeros(data, size, name="word/media/image1.png"):
    """The package ``data`` with one more entry: ``size`` zero bytes, deflated to about a
    thousandth of that (1 GiB of zeros is about 1 MB)."""
    buffer = io.BytesIO(data)
    buffer.seek(0, io.SEEK_END)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open(name, "w", force_zip64=size >= 2**31) as entry:
            chunk = bytes(1 << 20)
            for start in range(0, size, len(chunk)):
                entry.write(chunk[: size - start])
    return buffer.getvalue()


def _central_header(data, name):
    """The offset of ``name``'s header in the central directory."""
    encoded = name.encode()
    offset = data.find(CENTRAL_HEADER)
    while offset != -1:
        name_length = struct.unpack_from("<H", data, offset + 28)[0]
        if data[offset + 46 : offset + 46 + name_length] == encoded:
            return offset
        offset = data.find(CENTRAL_HEADER, offset + 1)
    raise KeyError(name)


def understating(data, name, declared):
    """The package ``data`` whose central directory says that ``name`` (not zip64) unpacks to
    ``declared`` bytes: a directory that lies."""
    patched = bytearray(data)
    struct.pack_into("<I", patched, _central_header(data, name) + 24, declared)
    return bytes(patched)


def encrypted(data, name):
    """The package ``data`` with ``name`` flagged as encrypted (general purpose bit 0), in its
    local header and in the central directory, as a zip tool encrypting it would."""
    patched = bytearray(data)
    central = _central_header(data, name)
    local = struct.unpack_from("<I", data, central + 42)[0]
    assert data[local : local + 4] == LOCAL_HEADER
    for flags in (central + 8, local + 6):
        struct.pack_into("<H", patched, flags, struct.unpack_from("<H", data, flags)[0] | 0x1)
    return bytes(patched)


def damaged(data, name):
    """The package ``data`` with the middle of ``name``'s compressed bytes overwritten."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    local = info.header_offset
    name_length, extra_length = struct.unpack_from("<HH", data, local + 26)
    start = local + 30 + name_length + extra_length
    middle = start + info.compress_size // 3
    patched = bytearray(data)
    patched[middle : middle + max(1, info.compress_size // 3)] = b"\xff" * max(
        1, info.compress_size // 3
    )
    return bytes(patched)
