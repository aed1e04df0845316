"""A CSV or XLSX with a SIRET column is checked line by line; hostile files (not a
spreadsheet, huge, binary, zip bombs, no SIRET column) get a French error, never a 500."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from marche.checker.models import Check

from .checker_support import ON_MARCHE, REFERENCE_ONLY, UNKNOWN, bad_checksum, catalogue
from .contact_support import text

pytestmark = pytest.mark.django_db


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client, name, content):
    return client.post("/verifier-vos-fournisseurs/", {"numbers": "", "file": SimpleUploadedFile(name, content)})


def _statuses(response):
    assert response.status_code == 302, text(response)
    return [row["result"]["status"] for row in Check.objects.get().rows]


def test_csv_with_a_siret_column_is_checked_line_by_line(client):
    catalogue()
    content = f"Fournisseur;N° SIRET;Montant\nA;{ON_MARCHE};100\nB;{REFERENCE_ONLY};200\nC;{UNKNOWN};3\nD;{bad_checksum(UNKNOWN)};4\n"

    response = _upload(client, "fournisseurs.csv", content.encode("utf-8"))

    assert _statuses(response) == ["marche", "reference", "not_found", "invalid"]
    check = Check.objects.get()
    assert check.header == ["Fournisseur", "N° SIRET", "Montant"]
    assert check.rows[0]["cells"] == ["A", ON_MARCHE, "100"]
    assert check.source == "fournisseurs.csv"


def test_csv_in_windows_1252_with_commas_is_read(client):
    catalogue()
    content = f"Dénomination,Siret\nÉpicerie,{ON_MARCHE}\n".encode("cp1252")

    response = _upload(client, "export.csv", content)

    assert _statuses(response) == ["marche"]
    assert Check.objects.get().header == ["Dénomination", "Siret"]


def test_xlsx_with_a_siret_column_is_checked_including_numbers_stored_as_numbers(client):
    catalogue()
    content = xlsx([["Nom", "SIRET"], ["A", int(ON_MARCHE)], ["B", REFERENCE_ONLY], ["C", None], ["D", UNKNOWN[:9]]])

    response = _upload(client, "fournisseurs.xlsx", content)

    assert _statuses(response) == ["marche", "reference", "empty", "not_found"]


def test_siren_column_is_used_when_there_is_no_siret_column(client):
    catalogue()

    response = _upload(client, "f.csv", f"nom;siren\nA;{ON_MARCHE[:9]}\n".encode())

    assert _statuses(response) == ["marche"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "photo.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 50,
            "n'est pas un tableur CSV ou XLSX (contenu binaire)",
        ),
        ("vieux.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Excel 97-2003 (.xls) ne sont pas lus"),
        ("faux.xlsx", b"PK\x03\x04pas un zip", "Ce fichier XLSX est endommagé"),
        ("pas-xlsx.xlsx", b"siret\n123\n", "n'est pas un classeur XLSX lisible"),
        ("vide.csv", b"\n\n", "Le fichier est vide"),
        ("sans-colonne.csv", b"nom;ville\nA;Lyon\n", "Aucune colonne « SIRET »"),
        ("entete-seule.csv", b"siret\n", "pas de ligne sous l'en-tête"),
    ],
)
def test_hostile_or_unusable_files_get_a_french_error(client, name, content, message):
    response = _upload(client, name, content)

    assert response.status_code == 400
    assert message in text(response)
    assert Check.objects.count() == 0


def test_zip_that_is_not_a_workbook_is_refused(client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "bonjour")

    response = _upload(client, "archive.xlsx", buffer.getvalue())

    assert response.status_code == 400
    assert "n'est pas un classeur XLSX lisible" in text(response)


def test_zip_bomb_is_refused_before_opening(client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (201 * 1024 * 1024))

    response = _upload(client, "bombe.xlsx", buffer.getvalue())

    assert response.status_code == 400
    assert "trop volumineux une fois décompressé" in text(response)


def test_file_over_the_size_limit_is_refused(client, settings):
    settings.CHECKER_MAX_UPLOAD_BYTES = 1024 * 1024

    response = _upload(client, "gros.csv", b"siret\n" + (ON_MARCHE.encode() + b"\n") * 80_000)

    assert response.status_code == 400
    assert "Le fichier dépasse 1 Mo" in text(response)


def test_file_with_more_lines_than_the_limit_is_refused(client, settings):
    settings.CHECKER_MAX_LINES = 5

    response = _upload(client, "long.csv", b"siret\n" + (ON_MARCHE.encode() + b"\n") * 6)

    assert response.status_code == 400
    assert "c'est plus que les 5 lignes vérifiées à la fois" in text(response)
    assert Check.objects.count() == 0
