"""Page addresses made from titles in either language: Khmer is written in Latin letters.

Wagtail makes a slug from the title with Django's ``slugify``, which keeps only "word
characters": Khmer vowel signs and the subscript sign (coeng) are not, so
"សេចក្តីផ្តើម" became the unreadable consonant skeleton "សចកតផតម"; and a slug that keeps
them is refused by Wagtail's slug validator. So a Khmer title's address is its transliteration,
word by word (ICU's Khmer word breaker, as search uses): "សេចក្តីផ្តើម" →
``sechktei-phtaeum``. The same title always gives the same slug, so re-importing a guidebook
keeps its addresses; when an editor changes a slug, Wagtail's redirects app sends the old address
to the new one. See docs/decisions/0014-readable-addresses.md.
"""

import re
import unicodedata

from anyascii import anyascii
from django.utils.text import slugify
from icu4py.breakers import WordBreaker
from khmerspell import khnormal

KHMER_RUN = re.compile(r"[\u1780-\u17FF\u19E0-\u19FF]+")
MAX_LENGTH = 80


def _khmer_words_in_latin(match):
    words = [piece for piece in WordBreaker(khnormal(match.group()), "km") if piece.strip()]
    return " " + " ".join(anyascii(word) for word in words) + " "


def readable_slug(title, max_length=MAX_LENGTH):
    """An ASCII slug for ``title``: Khmer words transliterated and joined by hyphens, other
    text as Django's ``slugify`` makes it; cut at a hyphen when longer than ``max_length``.
    Empty when the title holds nothing to write (only punctuation)."""
    text = unicodedata.normalize("NFC", str(title or "")).replace("\u200b", " ")
    slug = slugify(anyascii(KHMER_RUN.sub(_khmer_words_in_latin, text)))
    if len(slug) > max_length:
        slug = slug[: max_length + 1].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug
        slug = slug[:max_length]
    return slug.strip("-")
