from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted(
    path
    for path in Path(settings.BASE_DIR).glob("**/locale/km/LC_MESSAGES/*.po")
    if ".venv" not in path.parts
)


def test_there_is_a_khmer_catalogue():
    assert Path(settings.BASE_DIR, "locale/km/LC_MESSAGES/django.po") in CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_every_string_has_a_khmer_translation(path):
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_placeholders_survive_translation(path):
    import re

    pattern = re.compile(r"%\(\w+\)s|\{\w*\}")
    for entry in polib.pofile(str(path)).translated_entries():
        # Khmer has one plural form (nplurals=1), said for every count: it follows msgid_plural,
        # whose placeholders may differ from the singular's ("1 page" / "%(counter)s pages").
        expected = sorted(pattern.findall(entry.msgid_plural or entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            assert sorted(pattern.findall(translation)) == expected, entry.msgid
