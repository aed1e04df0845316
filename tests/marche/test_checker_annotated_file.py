"""The annotated file (CSV or XLSX, through common.spreadsheet) repeats every given line
with what was found; cells a spreadsheet would run as a formula are neutralised."""

import csv
import io

import pytest
from openpyxl import load_workbook

from marche.checker.models import Check

from .checker_support import ON_MARCHE, REFERENCE_ONLY, UNKNOWN, bad_checksum, catalogue
from .test_checker_upload import xlsx

pytestmark = pytest.mark.django_db

HEADER_ADDED = [
    "Résultat",
    "Raison sociale",
    "Type de structure",
    "Certifiée sur le Marché",
    "Fiche sur le Marché",
    "Détail",
]


def _check_file(client, content: bytes, name: str) -> Check:
    response = client.post("/verifier-vos-fournisseurs/", {"numbers": "", "file": _file(name, content)})
    assert response.status_code == 302
    return Check.objects.get()


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_annotated_xlsx_repeats_the_lines_with_the_results_and_neutralises_formulas(client):
    supplier = catalogue()
    content = xlsx(
        [
            ["Fournisseur", "SIRET", "Note"],
            ['=HYPERLINK("http://evil.example","clic")', ON_MARCHE, "+33 1 23"],
            ["@SUM(A1:A2)", REFERENCE_ONLY, "-2"],
            ["Inconnu", UNKNOWN, ""],
            ["Erreur", bad_checksum(UNKNOWN), "=1+1"],
        ]
    )
    check = _check_file(client, content, "mes-fournisseurs.xlsx")

    response = client.get(f"/verifier-vos-fournisseurs/{check.pk}/fichier.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="verification-fournisseurs-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Fournisseur", "SIRET", "Note", *HEADER_ADDED]
    assert rows[1] == [
        '\'=HYPERLINK("http://evil.example","clic")',
        ON_MARCHE,
        "'+33 1 23",
        "Sur le Marché",
        "Atelier Vert",
        supplier.get_kind_display(),
        "oui",
        "http://testserver/fournisseurs/atelier-vert/",
        None,
    ]
    assert rows[2][:5] == [
        "'@SUM(A1:A2)",
        REFERENCE_ONLY,
        "'-2",
        "Structure inclusive, pas encore sur le Marché",
        "Jardins de la référence",
    ]
    assert rows[3][3] == "Introuvable"
    assert rows[4][2:4] == ["'=1+1", "Numéro invalide"]
    assert rows[4][8] == "Ce SIRET n'existe pas : un chiffre est probablement erroné."
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_annotated_csv_of_a_pasted_list(client):
    catalogue()
    client.post("/verifier-vos-fournisseurs/", {"numbers": f"{ON_MARCHE}\n=cmd|' /C calc'!A0\n{UNKNOWN}"})
    check = Check.objects.get()

    response = client.get(f"/verifier-vos-fournisseurs/{check.pk}/fichier.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Numéro saisi", *HEADER_ADDED]
    assert rows[1][:3] == [ON_MARCHE, "Sur le Marché", "Atelier Vert"]
    assert rows[2][:2] == ["'=cmd|' /C calc'!A0", "Numéro invalide"]
    assert rows[3][:2] == [UNKNOWN, "Introuvable"]
    assert len(rows) == 4


def test_only_csv_and_xlsx_are_offered(client):
    client.post("/verifier-vos-fournisseurs/", {"numbers": ON_MARCHE})
    check = Check.objects.get()

    assert client.get(f"/verifier-vos-fournisseurs/{check.pk}/fichier.html").status_code == 404
