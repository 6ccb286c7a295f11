"""Tables in and out: the one reader of uploaded CSV and XLSX files, and the one writer of CSV
and XLSX downloads (cohort upload, completion report, capacity-development plans).

Reading gives each row with the line a person sees in their spreadsheet program (a CSV line, an
XLSX row number), so every importer can name the line of each error and refuse a whole file
before writing anything.
"""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from .zip_limits import ZipRefused, check_zip

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TableRefused(Exception):
    """The file cannot be read as a table; ``errors`` is [(line, reason)] (active language)."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(
            "; ".join(
                _("line %(line)s: %(reason)s") % {"line": line, "reason": reason}
                for line, reason in errors
            )
        )


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a spreadsheet keeps 12 as 12.0
    return str(value).strip()


def _xlsx_rows(raw):
    from openpyxl import load_workbook

    try:
        check_zip(raw)
    except ZipRefused as refused:
        raise TableRefused([(1, refused.reason)]) from None
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise TableRefused([(1, _("the file is not a readable XLSX workbook"))]) from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell(v) for v in values]
            while cells and cells[-1] == "":  # a sheet pads rows to its widest
                cells.pop()
            rows.append((line, cells))
        return rows
    finally:
        book.close()


def _csv_rows(raw):
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise TableRefused([(line, _("the file is not valid UTF-8"))]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    for row in reader:
        rows.append((reader.line_num, [cell.strip() for cell in row]))
    return rows


def is_xlsx(raw, name=""):
    return name.lower().endswith(".xlsx") or raw[:4] == b"PK\x03\x04"


def read_table(raw: bytes, name="", *, header):
    """The data rows of a CSV (UTF-8) or XLSX file (its first sheet) whose first row must be
    ``header``: ([(line, {column: cell})], [(line, reason)]), blank rows left out, a row of the
    wrong width given as an error for the caller to report with its own. A wrong header, bad
    UTF-8 or a damaged workbook raise TableRefused naming the line. An XLSX row shorter than
    the header (its last cells empty) is padded."""
    rows = _xlsx_rows(raw) if is_xlsx(raw, name) else _csv_rows(raw)
    if not rows or [c.lower() for c in rows[0][1]] != list(header):
        raise TableRefused([(1, _("the header must be %(header)s") % {"header": ",".join(header)})])
    xlsx, found, errors = is_xlsx(raw, name), [], []
    for line, cells in rows[1:]:
        if not any(cells):
            continue
        if xlsx and len(cells) < len(header):
            cells = cells + [""] * (len(header) - len(cells))
        if len(cells) != len(header):
            errors.append(
                (
                    line,
                    _("expected %(expected)s columns, found %(found)s")
                    % {"expected": len(header), "found": len(cells)},
                )
            )
            continue
        found.append((line, dict(zip(header, cells, strict=True))))
    return found, errors


def table_response(header, body, *, filename, fmt, sheet_title=""):
    """A download of the table: ``fmt`` "csv" (UTF-8 with a byte-order mark, which Excel needs
    to read Khmer) or "xlsx"; ``filename`` without its extension."""
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        if sheet_title:
            sheet.title = sheet_title[:31]  # a sheet name holds at most 31 characters
        sheet.append(list(header))
        for line in body:
            sheet.append(list(line))
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(body)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        fmt = "csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
