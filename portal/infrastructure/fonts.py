"""The Khmer font: the full variable TTF for PDFs, a small WOFF2 subset for web pages.

The font is installed by pip (fontpkg-noto-sans-khmer), so no font file is committed and no page
ever loads one from a CDN. PDFs (``pdf.py``) read the package's variable TTF (360 KB) directly.
Web pages get ``fonts/NotoSansKhmer-Khmer.woff2`` (about 31 KB): the Khmer blocks only, the
weights 400 to 700 the stylesheet uses, every layout table kept (GSUB/GPOS place subscripts and
vowels). ``build_webfont`` writes it under ``build/fonts/`` (``scripts/setup`` runs
``manage.py build_webfont``; the finder below builds it too if it is missing or stale), and this
finder exposes it: ``runserver`` serves it in development, ``collectstatic`` copies it for
WhiteNoise in production.
"""

import hashlib
import io
import os
import tempfile
from pathlib import Path

import fontpkg
from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files import File
from django.core.files.storage import FileSystemStorage

KHMER_FONT_FAMILY = "Noto Sans Khmer"
KHMER_WEBFONT_STATIC_PATH = "fonts/NotoSansKhmer-Khmer.woff2"
# The Khmer and Khmer Symbols blocks, zero-width space and joiners, and the dotted circle a
# shaper draws under a stray mark. Latin text is left to the phone's own fonts (the stylesheet's
# unicode-range says the same), so English pages never download this file.
KHMER_UNICODES = [
    *range(0x1780, 0x1800),
    *range(0x19E0, 0x1A00),
    0x200B,
    0x200C,
    0x200D,
    0x25CC,
]
# The weights portal.css uses (normal text, bold headings); the width axis pinned to normal.
WEB_AXES = {"wght": (400, 700), "wdth": 100}


def khmer_font_file() -> Path:
    """Return the path of the installed Noto Sans Khmer variable font (the full TTF)."""
    return Path(fontpkg.path(KHMER_FONT_FAMILY))


def _recipe() -> str:
    """What the subset depends on: the source font and the parameters above."""
    source = khmer_font_file()
    stat = source.stat()
    return f"{source}:{stat.st_size}:{stat.st_mtime_ns}:{KHMER_UNICODES}:{sorted(WEB_AXES.items())}"


def webfont_file() -> Path:
    """Where the built WOFF2 subset lives (named after its recipe, so a new font rebuilds it)."""
    digest = hashlib.sha256(_recipe().encode()).hexdigest()[:12]
    return Path(settings.BASE_DIR) / "build" / "fonts" / f"NotoSansKhmer-Khmer-{digest}.woff2"


def subset_webfont() -> bytes:
    """Return the WOFF2 subset of the Khmer font built from the installed TTF."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    # lazy=False: the subsetter walks the glyph variations, which a lazily read font lacks.
    font = TTFont(str(khmer_font_file()), lazy=False)
    options = subset.Options()
    options.layout_features = ["*"]  # every GSUB/GPOS feature: Khmer needs them to shape
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=KHMER_UNICODES)
    subsetter.subset(font)
    font = instancer.instantiateVariableFont(font, WEB_AXES)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def build_webfont() -> Path:
    """Build the WOFF2 subset unless an up-to-date one is there; return its path."""
    target = webfont_file()
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        data = subset_webfont()
        # Written beside and renamed: a second process building at the same time never reads
        # half a file.
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
            tmp.write(data)
        os.replace(tmp.name, target)
        for old in target.parent.glob("NotoSansKhmer-Khmer-*.woff2"):
            if old != target:
                old.unlink(missing_ok=True)
    return target


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
        if path == KHMER_WEBFONT_STATIC_PATH:
            found = str(build_webfont())
            return [found] if find_all else found
        return []

    def list(self, ignore_patterns):
        yield (
            KHMER_WEBFONT_STATIC_PATH,
            _SingleFileStorage(build_webfont(), KHMER_WEBFONT_STATIC_PATH),
        )
