"""The column choice of an export is remembered per person and offered by default next
time, for lists and search results alike; a sensible default before any choice."""

import re

import pytest

from marche.lists.models import ExportPreference

from .factories import SupplierFactory, buyer
from .lists_support import make_list, read_csv

pytestmark = pytest.mark.django_db


def checked(content: str) -> list[str]:
    return re.findall(r'name="columns" value="([a-z_]+)" checked', content)


def test_before_any_choice_the_default_columns_are_offered(client):
    user = buyer(verified=True)
    supplier_list = make_list(user, suppliers=[SupplierFactory()])
    client.force_login(user)

    content = client.get(f"/listes/{supplier_list.pk}/export/").content.decode()

    assert checked(content) == [
        "nom", "enseigne", "siret", "type", "commune", "departement", "secteurs", "certifiee", "fiche", "note",
        "contact_nom", "contact_email", "contact_telephone",
    ]  # fmt: skip


def test_the_choice_is_remembered_for_the_next_export_of_any_list_and_of_the_search(client):
    user = buyer(verified=True)
    first = make_list(user, "Première", suppliers=[SupplierFactory(name="Alpha", siret="70000000011111")])
    second = make_list(user, "Seconde", suppliers=[SupplierFactory()])
    client.force_login(user)

    response = client.post(
        f"/listes/{first.pk}/export/", {"format": "csv", "columns": ["siret", "nom", "contact_email", "inconnue"]}
    )

    assert read_csv(response.content) == [
        ["Raison sociale", "SIRET", "E-mail de contact"],
        ["Alpha", "70000000011111", ""],
    ]
    assert ExportPreference.objects.get(user=user).columns == ["nom", "siret", "contact_email"]
    assert checked(client.get(f"/listes/{second.pk}/export/").content.decode()) == ["nom", "siret", "contact_email"]
    assert checked(client.get("/recherche/export/").content.decode()) == ["nom", "siret", "contact_email"]


def test_one_persons_choice_is_not_anothers(client):
    user, other = buyer(), buyer()
    supplier_list = make_list(user, suppliers=[SupplierFactory()])
    other_list = make_list(other, suppliers=[SupplierFactory()])
    client.force_login(user)
    client.post(f"/listes/{supplier_list.pk}/export/", {"format": "csv", "columns": ["siret"]})

    client.force_login(other)
    content = client.get(f"/listes/{other_list.pk}/export/").content.decode()

    assert checked(content)[:3] == ["nom", "enseigne", "siret"]
    assert not ExportPreference.objects.filter(user=other).exists()


def test_an_unknown_format_gives_the_spreadsheet(client):
    user = buyer()
    supplier_list = make_list(user, suppliers=[SupplierFactory(name="Alpha")])
    client.force_login(user)

    response = client.post(f"/listes/{supplier_list.pk}/export/", {"format": "pdf\x00", "columns": ["nom"]})

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
