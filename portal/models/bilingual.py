"""The one pattern for a name kept in both languages on one row.

Places, organisations and learning paths are single rows that every record points at whatever
language it was written in, so they carry ``name_km`` and ``name_en`` columns. (Strategies,
actor types and pages are translated the Wagtail way instead: one row per language sharing a
``translation_key``, chosen with ``for_active_language()`` or the page's translations.)
"""

from django.utils.translation import get_language


class BilingualName:
    """``name``: the English name on English pages when there is one, else the Khmer name."""

    @property
    def name(self):
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_km
