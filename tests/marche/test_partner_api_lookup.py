"""Lookup by SIRET and by SIREN: checksums checked (400 naming the parameter), unknown,
closed or hidden suppliers not found (404), every visible establishment of a SIREN listed."""

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tests.marche.api_support import valid_siren, valid_siret, with_bad_checksum
from tests.marche.factories import SupplierFactory
from tests.marche.live_provider import live_provider, marche_uses_provider  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, marche_uses_provider):  # noqa: F811
    token = marche_uses_provider.access_token("partenaire-a")

    def get(path, params=None):
        return client.get(path, params or {}, HTTP_AUTHORIZATION=f"Bearer {token}")

    return get


def test_unknown_siret_is_a_404_in_french(api):
    siret = valid_siret(81234567)

    response = api(f"/api/v1/suppliers/{siret}")

    assert response.status_code == 404
    assert f"Aucun fournisseur inclusif du Marché n'a le SIRET {siret}" in response.json()["error"]


def test_a_siret_with_a_bad_checksum_is_a_400_naming_it(api):
    siret = with_bad_checksum(valid_siret(81234567))

    response = api(f"/api/v1/suppliers/{siret}")

    assert response.status_code == 400
    assert response.json() == {
        "error": "SIRET invalide : la clé de contrôle ne correspond pas, vérifiez le numéro.",
        "parameter": "siret",
    }


@pytest.mark.parametrize("value", ["123", "8123456700012A", "812345670001234"])
def test_a_siret_of_the_wrong_shape_is_a_400(api, value):
    response = api(f"/api/v1/suppliers/{value}")

    assert response.status_code == 400
    assert response.json()["parameter"] == "siret"
    assert "14 chiffres" in response.json()["error"]


def test_closed_and_hidden_suppliers_are_not_found(api):
    closed = SupplierFactory(siret=valid_siret(81234567, 1), is_active=False)
    hidden = SupplierFactory(siret=valid_siret(81234567, 2), hidden_at=timezone.now())

    assert api(f"/api/v1/suppliers/{closed.siret}").status_code == 404
    assert api(f"/api/v1/suppliers/{hidden.siret}").status_code == 404


def test_siren_lists_every_visible_establishment(api):
    first = SupplierFactory(siret=valid_siret(81234567, 1), name="Siège")
    second = SupplierFactory(siret=valid_siret(81234567, 2), name="Antenne")
    SupplierFactory(siret=valid_siret(81234567, 3), is_active=False)
    SupplierFactory(siret=valid_siret(79999999, 1))

    response = api("/api/v1/suppliers", {"siren": valid_siren(81234567)})

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert [r["siret"] for r in response.json()["results"]] == sorted([first.siret, second.siret])


def test_siren_without_supplier_is_an_empty_list_with_its_count(api):
    response = api("/api/v1/suppliers", {"siren": valid_siren(81234567)})

    assert response.status_code == 200
    assert response.json() == {"count": 0, "results": []}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "SIREN manquant : 9 chiffres."),
        ({"siren": "12345"}, "SIREN invalide : il faut 9 chiffres (espaces acceptés)."),
        ({"siren": with_bad_checksum(valid_siren(81234567))}, "SIREN invalide : la clé de contrôle ne correspond pas, vérifiez le numéro."),
        ({"siren": valid_siren(81234567), "siret": "1"}, "Paramètre inconnu « siret » : seul « siren » est accepté."),
    ],
)  # fmt: skip
def test_bad_siren_requests_are_a_400(api, params, message):
    response = api("/api/v1/suppliers", params)

    assert response.status_code == 400
    assert response.json()["error"] == message


# One path segment (a "/" would leave the route; "search" is the search API's).
SEGMENT = st.text(st.characters(exclude_characters="/"), min_size=1, max_size=30).filter(
    lambda t: t not in {"search", ".", ".."}
)


@given(SEGMENT)
def test_any_siret_text_gets_json_never_a_500(api, text):
    from urllib.parse import quote

    response = api(f"/api/v1/suppliers/{quote(text, safe='')}")

    assert response.status_code in (400, 404)
    assert response["Content-Type"] == "application/json"
