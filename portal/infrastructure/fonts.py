"""Serve the Khmer font from its Python package as a static file.

The font is installed by pip (fontpkg-noto-sans-khmer), so no font file is committed and no page
ever loads one from a CDN. This finder exposes it as ``fonts/NotoSansKhmer.ttf``: ``runserver``
serves it in development and ``collectstatic`` copies it for WhiteNoise in production.
"""

from pathlib import Path

import fontpkg
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files import File
from django.core.files.storage import FileSystemStorage

KHMER_FONT_FAMILY = "Noto Sans Khmer"
KHMER_FONT_STATIC_PATH = "fonts/NotoSansKhmer.ttf"


def khmer_font_file() -> Path:
    """Return the path of the installed Noto Sans Khmer variable font."""
    return Path(fontpkg.path(KHMER_FONT_FAMILY))


class _SingleFileStorage(FileSystemStorage):
    """Storage that answers for one file under a chosen static name."""

    def __init__(self, source: Path, name: str):
        super().__init__(location=str(source.parent))
        self.source = source
        self.static_name = name

    def path(self, name):
        return str(self.source)

    def open(self, name, mode="rb"):
        # A Django File, as every storage returns: collectstatic's manifest storage reads it in
        # chunks to hash its name.
        return File(open(self.source, mode), name=self.static_name)


class FontPackageFinder(BaseFinder):
    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        if path == KHMER_FONT_STATIC_PATH:
            found = str(khmer_font_file())
            return [found] if find_all else found
        return []

    def list(self, ignore_patterns):
        yield KHMER_FONT_STATIC_PATH, _SingleFileStorage(khmer_font_file(), KHMER_FONT_STATIC_PATH)
