"""Which of the glossary's terms a text contains.

Khmer is compared after the project's normalisation (one typing order per cluster, no
zero-width spaces), which lives in the search app; the core cannot import it, so the settings
name it (``PORTAL_TEXT_NORMALISER``, a dotted path) and the core falls back to Unicode NFC
without it. Latin forms (CAF, JAAP) count as whole words, in any case.
"""

import re
import unicodedata
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from ..models import GlossaryTerm

_KHMER = re.compile(r"[\u1780-\u17FF\u19E0-\u19FF]")


@lru_cache(maxsize=1)
def _normaliser(path):
    return import_string(path) if path else (lambda text: unicodedata.normalize("NFC", text))


def normalise(text):
    return _normaliser(getattr(settings, "PORTAL_TEXT_NORMALISER", ""))(text)


class Glossary:
    """The glossary read once, to mark many strings."""

    def __init__(self, terms=None):
        self.terms = list(GlossaryTerm.objects.all() if terms is None else terms)
        self._patterns = []
        for term in self.terms:
            khmer = [normalise(f) for f in term.forms if _KHMER.search(f)]
            latin = [re.escape(f) for f in term.forms if not _KHMER.search(f)]
            pattern = re.compile(rf"\b(?:{'|'.join(latin)})\b", re.IGNORECASE) if latin else None
            self._patterns.append((term, khmer, pattern))

    def __iter__(self):
        return iter(self.terms)

    def __len__(self):
        return len(self.terms)

    def found_in(self, text):
        """The terms ``text`` contains, in glossary order."""
        normalised = normalise(text)
        return [
            term
            for term, khmer, pattern in self._patterns
            if any(form in normalised for form in khmer) or (pattern and pattern.search(text))
        ]


def terms_in_source(source):
    """The glossary terms the strings of a wagtail-localize ``TranslationSource`` contain."""
    from wagtail_localize.models import StringSegment

    glossary = Glossary()
    found = {}
    for text in StringSegment.objects.filter(source=source).values_list("string__data", flat=True):
        for term in glossary.found_in(text):
            found[term.pk] = term
    return [term for term in glossary if term.pk in found]
