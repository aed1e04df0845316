"""The partner lookup API answers only to client-credentials tokens of Compte inclusion with
the scope ``marche.suppliers.read``, checked at the live provider; every refusal is JSON in
French, with the way forward."""

import pytest
import requests

from tests.marche.api_support import valid_siret
from tests.marche.factories import SupplierFactory
from tests.marche.live_provider import live_provider, marche_uses_provider  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def supplier(marche_uses_provider):  # noqa: F811
    return SupplierFactory(siret=valid_siret(81234567), name="Les Jardins du Lien", brand="Jardins")


def get(client, path, token=None, **headers):
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client.get(path, **headers)


def test_without_token_the_api_answers_401_in_french(client, supplier):
    response = get(client, f"/api/v1/suppliers/{supplier.siret}")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "invalid_request"
    assert "Jeton d'accès manquant" in response.json()["error"]
    assert response["WWW-Authenticate"].startswith('Bearer realm="marche", error="invalid_request"')


def test_a_token_in_the_query_string_is_not_read(client, marche_uses_provider, supplier):  # noqa: F811
    token = marche_uses_provider.access_token("partenaire-a")

    response = client.get(f"/api/v1/suppliers/{supplier.siret}", {"access_token": token})

    assert response.status_code == 401


def test_an_unknown_token_is_refused_with_401(client, supplier):
    response = get(client, f"/api/v1/suppliers/{supplier.siret}", token="pas-un-vrai-jeton")

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"
    assert "invalide, expiré, révoqué" in response.json()["error"]


def test_a_partner_token_reads_a_supplier_by_siret(client, marche_uses_provider, supplier):  # noqa: F811
    token = marche_uses_provider.access_token("partenaire-a")

    response = get(client, f"/api/v1/suppliers/{supplier.siret}", token=token)

    assert response.status_code == 200
    body = response.json()
    assert body["siret"] == supplier.siret
    assert body["siren"] == supplier.siret[:9]
    assert body["name"] == "Les Jardins du Lien"
    assert body["brand"] == "Jardins"
    assert body["kind"] == "EI"
    assert body["url"] == f"http://testserver{supplier.get_absolute_url()}"
    # Contact details are for verified buyers on the site, not for the lookup API.
    assert not {"contact_email", "contact_phone", "contact_name"} & set(body)


def test_a_token_of_a_client_registered_for_another_scope_is_refused_with_401(
    client,
    marche_uses_provider,  # noqa: F811
    supplier,
):
    token = marche_uses_provider.access_token("annuaire-seul", scope="directory")

    response = get(client, f"/api/v1/suppliers/{supplier.siret}", token=token)

    # The provider does not even show the Marché a token of another scope: it reads as invalid.
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"
    assert "sans la portée « marche.suppliers.read »" in response.json()["error"]
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_the_provider_gives_a_client_only_the_scopes_it_was_registered_for(marche_uses_provider):  # noqa: F811
    directory_client_asks_partner_scope = marche_uses_provider.token("annuaire-seul", "marche.suppliers.read")
    partner_asks_directory = marche_uses_provider.token("partenaire-a", "directory")
    partner_asks_both = marche_uses_provider.token("partenaire-a", "marche.suppliers.read directory")
    partner_without_scope = marche_uses_provider.token("partenaire-a")

    assert directory_client_asks_partner_scope.status_code == 400
    assert directory_client_asks_partner_scope.json()["error"] == "invalid_scope"
    assert partner_asks_directory.status_code == 400
    assert partner_asks_directory.json()["error"] == "invalid_scope"
    assert partner_asks_both.status_code == 400
    assert partner_without_scope.status_code == 200
    assert partner_without_scope.json()["scope"] == "marche.suppliers.read"


def test_a_partner_token_does_not_read_the_providers_directory(marche_uses_provider):  # noqa: F811
    token = marche_uses_provider.access_token("partenaire-a")

    response = requests.get(
        f"{marche_uses_provider.url}/api/v1/organizations", headers={"Authorization": f"Bearer {token}"}, timeout=20
    )

    assert response.status_code == 401


def test_a_partner_cannot_introspect_another_partners_token(marche_uses_provider):  # noqa: F811
    token_of_b = marche_uses_provider.access_token("partenaire-b")

    response = requests.post(
        f"{marche_uses_provider.url}/o/introspect/",
        data={"token": token_of_b},
        auth=("partenaire-a", "secret-partenaire-a-de-test-0123456789"),
        timeout=20,
    )

    assert response.json() == {"active": False}


def test_the_provider_unreachable_is_a_503_in_french_not_a_500(client, supplier, settings):
    settings.SSO_INTERNAL_URL = "http://127.0.0.1:9"  # nothing listens on the discard port

    response = get(client, f"/api/v1/suppliers/{supplier.siret}", token="un-jeton-quelconque")

    assert response.status_code == 503
    assert "réessayez" in response.json()["error"]
