"""A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) is written
with a leading apostrophe, in CSV and in XLSX alike; the file name says what and when."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.spreadsheet import FORMULA_STARTS, neutralise

from .factories import SupplierFactory, buyer
from .lists_support import make_list, read_csv, read_xlsx

pytestmark = pytest.mark.django_db

HOSTILE = {
    "name": '=HYPERLINK("http://evil.example","clic")',
    "brand": "+cmd|' /C calc'!A0",
    "note": "-2+3",
    "contact_name": "@SUM(1+1)",
    "contact_phone": "\t=1+1",
    "address": "\r=1+1",
}


@pytest.fixture
def listed(client):
    user = buyer(verified=True)
    supplier = SupplierFactory(
        name=HOSTILE["name"], brand=HOSTILE["brand"], contact_name=HOSTILE["contact_name"],
        contact_phone=HOSTILE["contact_phone"], address=HOSTILE["address"],
    )  # fmt: skip
    supplier_list = make_list(user, "=Liste", suppliers=[supplier], note=HOSTILE["note"])
    client.force_login(user)
    return supplier_list


COLUMNS = ["nom", "enseigne", "adresse", "note", "contact_nom", "contact_telephone"]
HEADERS = ["Raison sociale", "Enseigne", "Adresse", "Note", "Contact", "Téléphone"]
EXPECTED = ["'" + HOSTILE[k] for k in ("name", "brand", "address", "note", "contact_name", "contact_phone")]


def test_csv_cells_that_start_a_formula_are_neutralised(client, listed):
    response = client.post(f"/listes/{listed.pk}/export/", {"format": "csv", "columns": COLUMNS})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert read_csv(response.content) == [HEADERS, EXPECTED]


def test_xlsx_cells_that_start_a_formula_are_text_with_an_apostrophe(client, listed):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client.post(f"/listes/{listed.pk}/export/", {"format": "xlsx", "columns": COLUMNS})

    # XML reads a carriage return back as a line feed; the apostrophe is what matters.
    assert read_xlsx(response.content) == [HEADERS, [cell.replace("\r", "\n") for cell in EXPECTED]]
    sheet = load_workbook(BytesIO(response.content)).active
    assert {cell.data_type for row in sheet.iter_rows() for cell in row} == {"s"}  # no formula cell ("f")


def test_the_file_name_says_what_and_when(client, listed):
    response = client.post(f"/listes/{listed.pk}/export/", {"format": "xlsx", "columns": COLUMNS})

    assert re.fullmatch(
        r'attachment; filename="liste-liste-\d{4}-\d{2}-\d{2}-\d{4}\.xlsx"', response["Content-Disposition"]
    )


@given(text=st.text(max_size=40))
def test_neutralise_leaves_no_cell_starting_a_formula(text):
    value = neutralise(text)
    assert not value.startswith(FORMULA_STARTS)
    assert value in (text, "'" + text)


@given(text=st.text(max_size=40), title=st.text(max_size=60))
def test_any_text_makes_a_readable_xlsx_with_no_formula(text, title):
    from common.spreadsheet import xlsx_bytes

    rows = read_xlsx(xlsx_bytes(["Colonne"], [[text]], sheet_title=title))

    cell = rows[1][0]
    assert cell is None or not str(cell).startswith(("=", "+", "-", "@"))


def test_a_list_named_with_characters_excel_refuses_in_sheet_titles_still_exports(client):
    user = buyer()
    supplier_list = make_list(user, "Lots [1/2]: espaces verts? *urgent*", suppliers=[SupplierFactory(name="Vert")])
    client.force_login(user)

    response = client.post(f"/listes/{supplier_list.pk}/export/", {"format": "xlsx", "columns": ["nom"]})

    assert read_xlsx(response.content) == [["Raison sociale"], ["Vert"]]
