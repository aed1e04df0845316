"""Control characters (NUL first: PostgreSQL refuses it in any text) in a search parameter
are refused with a 400 naming the parameter, or a message on the page; never a 500, and
nothing reaches the database. Runs on SQLite and on PostgreSQL (CI)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

API = "/api/v1/suppliers/search"
PARAMETERS = ["q", "near", "serves", "radius", "sector", "kind", "service", "certified", "department", "region", "sort"]
CONTROL = st.sampled_from([chr(c) for c in [*range(0x20), 0x7F]])


@pytest.mark.parametrize("parameter", PARAMETERS)
def test_a_nul_byte_in_any_search_api_parameter_is_a_400_naming_it(client, catalogue, parameter):
    response = client.get(API, {parameter: "69\x00123"})

    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


@given(prefix=st.text(max_size=10), control=CONTROL, suffix=st.text(max_size=10))
def test_any_control_character_in_the_text_is_a_400_naming_q(client, geography, prefix, control, suffix):
    response = client.get(API, {"q": prefix + control + suffix})

    assert response.status_code == 400
    assert response.json()["parameter"] == "q"


def test_a_nul_byte_in_the_autocomplete_is_a_400_naming_q(client, catalogue):
    response = client.get("/api/v1/autocomplete", {"q": "Ly\x00on", "type": "commune"})

    assert response.status_code == 400
    assert response.json()["parameter"] == "q"


@pytest.mark.parametrize("parameter", ["commune", "commune_insee", "q"])
def test_a_nul_byte_on_the_search_page_is_explained_on_the_page(client, catalogue, parameter):
    response = client.get("/recherche/", {parameter: "Lyon\x00"})

    # The page still lists the catalogue (the refused parameter is left out) and says why.
    assert response.status_code == 200
    assert "caractère de contrôle" in response.content.decode()


def test_ordinary_text_is_still_searched(client, catalogue):
    response = client.get(API, {"q": "atelier", "near": "69383"})

    assert response.status_code == 200
    assert response.json()["count"] >= 1
