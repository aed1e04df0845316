"""CSV and XLSX files people download (search results, lists, needs' answers, checks).

One home for the rule that keeps a downloaded file harmless: a cell a spreadsheet would
run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is
written with a leading apostrophe, as OWASP's "CSV injection" advice says.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value) -> object:
    """The value, safe in a spreadsheet cell: text that would start a formula is prefixed
    with an apostrophe. Numbers, dates and None are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def file_name(what: str, extension: str, when=None) -> str:
    """A file name that says what and when: ``fournisseurs-ma-liste-2026-11-23-0930.xlsx``."""
    when = timezone.localtime(when or timezone.now())
    return f"{slugify(what) or 'export'}-{when:%Y-%m-%d-%H%M}.{extension}"


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    # UTF-8 with a BOM and semicolons: what French Excel opens without an import wizard.
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow(["" if cell is None else neutralise(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_cell(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # XML cannot hold most control characters: openpyxl would raise on them (a 500 for the
    # whole export), so they are dropped from the cell.
    value = neutralise(value)
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence], sheet_title: str = "Export") -> bytes:
    from openpyxl import Workbook

    # write_only keeps memory flat for the largest exports (5 000 rows and more).
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(sheet_title))
    sheet.append([_xlsx_cell(cell) for cell in header])
    for row in rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    # Excel refuses these characters in a sheet's title, and titles longer than 31.
    cleaned = "".join(" " if c in "[]:*?/\\" or ord(c) < 32 else c for c in title).strip("' ")
    return cleaned[:31] or "Export"


def download(*, what: str, file_format: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """The file as an attachment, ``file_format`` being ``csv`` or ``xlsx``."""
    if file_format == "xlsx":
        content, content_type = xlsx_bytes(header, rows, sheet_title=what), XLSX_TYPE
    else:
        file_format, content, content_type = "csv", csv_bytes(header, rows), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name(what, file_format)}"'
    return response
