"""One numeral system per page: Khmer digits on Khmer pages, Arabic digits on English ones.

Khmer text written by editors counts in Khmer digits (ជំពូកទី ២); a figure the portal computes (a
percent, a score, a date) next to it in Arabic digits mixes two systems on one page. Templates
use the ``numerals`` filter (``portal_tags``); views writing messages use :func:`shown`.
"""

from django.utils.translation import get_language

KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")


def shown(value):
    """``value`` as text, in Khmer digits when the language shown is Khmer."""
    if value is None:
        return ""
    text = str(value)
    return text.translate(KHMER_DIGITS) if get_language() == "km" else text
