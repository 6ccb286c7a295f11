"""Load districts and communes from a CSV file into the administrative-area tree.

The whole file is read and checked before anything is written, so a refused file leaves the
database as it was; a file that passes is written in one transaction.
"""

import csv
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from .models import AdministrativeArea

HEADER = ["code", "name_km", "name_en", "parent_code", "level"]
LEVELS = dict(AdministrativeArea.AREA_LEVELS)


class AreaImportError(Exception):
    def __init__(self, line, reason):
        self.line = line
        self.reason = reason
        super().__init__(_("line %(line)s: %(reason)s") % {"line": line, "reason": reason})


@dataclass
class AreaImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _rows(raw: bytes):
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise AreaImportError(line, _("the file is not valid UTF-8")) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise AreaImportError(1, _("the file is empty")) from None
    if [cell.strip() for cell in header] != HEADER:
        raise AreaImportError(
            1, _("the header must be %(expected)s") % {"expected": ",".join(HEADER)}
        )
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as error:
        raise AreaImportError(reader.line_num, str(error)) from None


def parse_areas(raw: bytes):
    """Check every row; return {code: (line, name_km, name_en, parent_code, level)}."""
    existing = {area.code: area.level for area in AdministrativeArea.objects.only("code", "level")}
    parsed = {}
    for line, row in _rows(raw):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(HEADER):
            raise AreaImportError(
                line,
                _("expected %(n)s columns, found %(m)s") % {"n": len(HEADER), "m": len(row)},
            )
        code, name_km, name_en, parent_code, level = (cell.strip() for cell in row)
        if not code:
            raise AreaImportError(line, _("the code is empty"))
        if code in parsed:
            raise AreaImportError(
                line,
                _("duplicate code %(code)s (first on line %(first)s)")
                % {"code": code, "first": parsed[code][0]},
            )
        if not name_km or not name_en:
            raise AreaImportError(line, _("both names are required"))
        if level not in LEVELS:
            raise AreaImportError(line, _("unknown level %(level)s") % {"level": level or '""'})
        if level == "province" and parent_code:
            raise AreaImportError(line, _("a province has no parent"))
        if level != "province" and not parent_code:
            raise AreaImportError(
                line, _("a %(level)s needs a parent code") % {"level": LEVELS[level]}
            )
        parsed[code] = (line, name_km, name_en, parent_code, level)

    for line, _km, _en, parent_code, level in parsed.values():
        if not parent_code:
            continue
        parent_level = (
            parsed[parent_code][4] if parent_code in parsed else existing.get(parent_code)
        )
        if parent_level is None:
            raise AreaImportError(line, _("unknown parent code %(code)s") % {"code": parent_code})
        expected = AdministrativeArea.PARENT_LEVEL[level]
        if parent_level != expected:
            raise AreaImportError(
                line,
                _("the parent of a %(level)s must be a %(expected)s, not a %(found)s")
                % {
                    "level": LEVELS[level],
                    "expected": LEVELS[expected],
                    "found": LEVELS[parent_level],
                },
            )
    return parsed


@transaction.atomic
def import_areas(raw: bytes) -> AreaImportResult:
    """Validate the whole file, then create or update its areas. Re-importing changes nothing."""
    parsed = parse_areas(raw)
    result = AreaImportResult()
    by_code = AdministrativeArea.objects.in_bulk(
        list(parsed) + [row[3] for row in parsed.values() if row[3]], field_name="code"
    )
    order = {"province": 0, "district": 1, "commune": 2}
    for code, (_line, name_km, name_en, parent_code, level) in sorted(
        parsed.items(), key=lambda item: order[item[1][4]]
    ):
        parent = by_code.get(parent_code) if parent_code else None
        wanted = {"name_km": name_km, "name_en": name_en, "level": level, "parent": parent}
        area = by_code.get(code)
        if area is None:
            by_code[code] = AdministrativeArea.objects.create(code=code, **wanted)
            result.created += 1
        elif any(getattr(area, field) != value for field, value in wanted.items()):
            for field, value in wanted.items():
                setattr(area, field, value)
            area.save()
            result.updated += 1
        else:
            result.unchanged += 1
    return result
