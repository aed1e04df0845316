"""Reading what a person gives the checker: pasted lines or a CSV/XLSX file.

Rule: anything that is not a readable spreadsheet (binary, too big, too many lines, no
SIRET column, a zip bomb) is refused with a French reason, never an exception.
"""

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings

MAX_COLUMNS = 50
MAX_CELL = 1000
# An XLSX is a zip: refuse one that would inflate beyond this before openpyxl opens it.
MAX_XLSX_INFLATED = 200 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls (Excel 97-2003), .doc…


class UnreadableInput(Exception):
    """``str(exc)`` is the French reason, with the way forward."""


@dataclass
class Table:
    source: str
    header: list[str]
    rows: list[list[str]]
    column: int  # index of the SIRET/SIREN column


def _too_many(count: int) -> UnreadableInput:
    limit = settings.CHECKER_MAX_LINES
    return UnreadableInput(
        f"{count} lignes : c'est plus que les {limit:,} lignes vérifiées à la fois. ".replace(",", " ")
        + "Découpez votre liste en plusieurs fichiers."
    )


def from_text(text: str) -> Table:
    """Pasted numbers, one per line (blank lines ignored)."""
    lines = [line.strip() for line in (text or "").replace("\x00", "").splitlines()]
    lines = [line[:MAX_CELL] for line in lines if line]
    if not lines:
        raise UnreadableInput("Collez au moins un SIRET ou un SIREN (un par ligne).")
    if len(lines) > settings.CHECKER_MAX_LINES:
        raise _too_many(len(lines))
    return Table(source="liste collée", header=["Numéro saisi"], rows=[[line] for line in lines], column=0)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        # A spreadsheet stores a SIRET typed as a number and drops a leading zero.
        text = str(value)
        return text.zfill(14) if len(text) == 13 else text.zfill(9) if len(text) == 8 else text
    return str(value).replace("\x00", "").strip()[:MAX_CELL]


def _normalise(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in text if ch.isalnum())


def _siret_column(header: list[str]) -> int:
    names = [_normalise(cell) for cell in header]
    for wanted in ("siret", "siren"):
        for index, name in enumerate(names):
            if wanted in name:
                return index
    raise UnreadableInput(
        "Aucune colonne « SIRET » dans la première ligne du fichier. Ajoutez l'en-tête « SIRET » "
        "au-dessus de la colonne des numéros, ou collez les numéros dans la zone de texte."
    )


def _table(source: str, records) -> Table:
    """``records``: an iterator of rows (lists of cells); the first non-empty one is the header."""
    header = None
    rows = []
    limit = settings.CHECKER_MAX_LINES
    for record in records:
        cells = [_cell(value) for value in list(record)[:MAX_COLUMNS]]
        while cells and not cells[-1]:  # a workbook's rows come padded to the sheet's width
            cells.pop()
        if not cells:
            continue
        if header is None:
            header = cells
            continue
        rows.append(cells)
        if len(rows) > limit:
            raise _too_many(len(rows))
    if header is None:
        raise UnreadableInput(
            "Le fichier est vide : il faut une ligne d'en-tête avec « SIRET » puis un numéro par ligne."
        )
    column = _siret_column(header)
    if not rows:
        raise UnreadableInput("Le fichier n'a pas de ligne sous l'en-tête : ajoutez un SIRET par ligne.")
    width = max(len(header), *(len(row) for row in rows))
    header = header + [""] * (width - len(header))
    rows = [row + [""] * (width - len(row)) for row in rows]
    return Table(source=source, header=header, rows=rows, column=column)


def _decode(content: bytes) -> str:
    if b"\x00" in content[:8192]:
        raise UnreadableInput(
            "Ce fichier n'est pas un tableur CSV ou XLSX (contenu binaire). Enregistrez-le au format CSV ou XLSX."
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's "CSV" in France is often Windows-1252.
        return content.decode("cp1252", errors="replace")


def _csv(source: str, content: bytes) -> Table:
    text = _decode(content)
    sample = text[:4096]
    delimiter = max((";", ",", "\t"), key=sample.count) if any(d in sample for d in ";,\t") else ";"
    try:
        return _table(source, csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise UnreadableInput(
            f"Ce fichier CSV est illisible ({exc}). Enregistrez-le de nouveau depuis votre tableur."
        ) from exc


def _xlsx(source: str, content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            if len(entries) > 1000 or sum(entry.file_size for entry in entries) > MAX_XLSX_INFLATED:
                raise UnreadableInput("Ce fichier XLSX est trop volumineux une fois décompressé : découpez-le.")
    except zipfile.BadZipFile as exc:
        raise UnreadableInput(
            "Ce fichier XLSX est endommagé : enregistrez-le de nouveau depuis votre tableur."
        ) from exc
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        try:
            sheet = workbook.worksheets[0]
            return _table(source, sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS))
        finally:
            workbook.close()
    except UnreadableInput:
        raise
    except Exception as exc:  # openpyxl raises many kinds of errors on a malformed file
        raise UnreadableInput(
            "Ce fichier n'est pas un classeur XLSX lisible. Enregistrez-le au format XLSX ou CSV depuis votre tableur."
        ) from exc


def from_upload(upload) -> Table:
    name = (getattr(upload, "name", "") or "fichier")[:200]
    limit = settings.CHECKER_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise UnreadableInput(
            f"Le fichier dépasse {limit // (1024 * 1024)} Mo : gardez seulement la colonne SIRET, ou découpez-le."
        )
    content = upload.read(limit + 1)
    if not content:
        raise UnreadableInput(
            "Le fichier est vide : il faut une ligne d'en-tête avec « SIRET » puis un numéro par ligne."
        )
    if content.startswith(OLE_MAGIC):
        raise UnreadableInput(
            "Les fichiers Excel 97-2003 (.xls) ne sont pas lus : enregistrez-le au format XLSX ou CSV."
        )
    if content.startswith(ZIP_MAGIC):
        return _xlsx(name, content)
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableInput("Ce fichier n'est pas un classeur XLSX lisible. Enregistrez-le au format XLSX ou CSV.")
    return _csv(name, content)
