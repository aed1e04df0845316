"""Exports hold the suppliers' contact details (contact, e-mail, phone, website) only for
verified buyers, whatever the request asks for."""

import pytest

from .factories import SupplierFactory, buyer
from .lists_support import make_list, read_csv, read_xlsx

pytestmark = pytest.mark.django_db

CONTACT_HEADERS = {"Contact", "E-mail de contact", "Téléphone", "Site internet"}
ALL_COLUMNS = [
    "nom", "enseigne", "siret", "type", "adresse", "code_postal", "commune", "departement", "secteurs",
    "prestations", "certifiee", "fiche", "note", "contact_nom", "contact_email", "contact_telephone", "site",
]  # fmt: skip


@pytest.fixture
def supplier():
    return SupplierFactory(
        name="Atelier Vert",
        siret="70000000099999",
        contact_name="Léa Martin",
        contact_email="lea@atelier-vert.example",
        contact_phone="01 99 00 12 34",
        website="https://atelier-vert.example",
    )


def test_a_verified_buyer_gets_the_contact_columns(client, supplier):
    user = buyer(verified=True)
    supplier_list = make_list(user, suppliers=[supplier])
    client.force_login(user)

    response = client.post(f"/listes/{supplier_list.pk}/export/", {"format": "xlsx", "columns": ALL_COLUMNS})

    header, row = read_xlsx(response.content)
    assert set(header) >= CONTACT_HEADERS
    values = dict(zip(header, row, strict=True))
    assert values["E-mail de contact"] == "lea@atelier-vert.example"
    assert values["Téléphone"] == "01 99 00 12 34"
    assert values["Site internet"] == "https://atelier-vert.example"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_unverified_buyer_never_gets_contact_details_even_when_asking(client, supplier, file_format):
    user = buyer(verified=False)
    supplier_list = make_list(user, suppliers=[supplier])
    client.force_login(user)

    form = client.get(f"/listes/{supplier_list.pk}/export/").content.decode()
    response = client.post(f"/listes/{supplier_list.pk}/export/", {"format": file_format, "columns": ALL_COLUMNS})

    assert 'value="contact_email"' not in form
    assert 'data-testid="contact-columns-hidden"' in form
    rows = read_xlsx(response.content) if file_format == "xlsx" else read_csv(response.content)
    assert not CONTACT_HEADERS & set(rows[0])
    assert rows[1][rows[0].index("SIRET")] == "70000000099999"
    flat = repr(rows)
    for detail in ("lea@atelier-vert", "01 99 00 12 34", "Léa Martin", "atelier-vert.example"):
        assert detail not in flat


def test_only_contact_columns_asked_by_an_unverified_buyer_give_the_default_without_contacts(client, supplier):
    user = buyer(verified=False)
    supplier_list = make_list(user, suppliers=[supplier])
    client.force_login(user)

    response = client.post(f"/listes/{supplier_list.pk}/export/", {"format": "csv", "columns": ["contact_email"]})

    header = read_csv(response.content)[0]
    assert header == ["Raison sociale", "Enseigne", "SIRET", "Type de structure", "Commune", "Département",
                      "Secteurs d'activité", "Fiche certifiée", "Fiche sur le Marché", "Note"]  # fmt: skip


def test_a_colleague_unverified_reading_a_verified_buyers_list_gets_no_contacts(client, supplier):
    owner = buyer(verified=True)
    supplier_list = make_list(owner, suppliers=[supplier], sharing="read")
    colleague_claim = {**owner.organizations[0], "verified": False}
    from .factories import UserFactory

    colleague = UserFactory(organizations=[colleague_claim])
    client.force_login(colleague)

    response = client.post(f"/listes/{supplier_list.pk}/export/", {"format": "csv", "columns": ALL_COLUMNS})

    assert response.status_code == 200
    assert "lea@atelier-vert.example" not in response.content.decode()
