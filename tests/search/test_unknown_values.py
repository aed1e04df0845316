"""Rule: an unknown value of a repeatable parameter of the search API (kind, sector,
department, region) is a 400 naming the parameter, never silently accepted (it used to
answer an empty list, as if nothing matched). The search page still answers and says it."""

import pytest

pytestmark = pytest.mark.django_db

API = "/api/v1/suppliers/search"


@pytest.mark.parametrize(
    "parameter, value",
    [
        ("kind", "NOPE"),
        ("kind", "ei"),  # codes are exact
        ("sector", "pas-un-secteur"),
        ("department", "00"),
        ("department", "ain"),
        ("region", "99"),
    ],
)
def test_an_unknown_value_is_a_400_naming_the_parameter(client, catalogue, parameter, value):
    response = client.get(API, {parameter: value})

    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert value in response.json()["error"]


@pytest.mark.parametrize("parameter", ["kind", "sector", "department", "region"])
def test_one_unknown_value_among_known_ones_is_a_400_naming_the_parameter(client, catalogue, parameter):
    known = {"kind": "EI", "sector": "menuiserie", "department": "69", "region": "84"}[parameter]

    response = client.get(API, {parameter: [known, "inconnu"]})

    assert response.status_code == 400
    assert response.json() == {"error": response.json()["error"], "parameter": parameter}
    assert "inconnu" in response.json()["error"]


def test_an_over_long_unknown_value_is_named_but_not_echoed_whole(client, catalogue):
    response = client.get(API, {"sector": "x" * 5000})

    assert response.status_code == 400
    assert response.json()["parameter"] == "sector"
    assert len(response.json()["error"]) < 300


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"kind": "ACI"}, {"Atelier Bois Solidaire"}),
        ({"sector": "menuiserie"}, {"Menuiserie de l'Élan"}),
        ({"department": "13"}, {"Nettoyage Provence"}),
        ({"region": "32"}, {"Intérim National"}),
    ],
)
def test_known_values_still_filter(client, catalogue, params, expected):
    response = client.get(API, params)

    assert response.status_code == 200
    assert {hit["name"] for hit in response.json()["results"]} == expected


def test_the_search_page_explains_an_unknown_value_and_still_answers(client, catalogue):
    response = client.get("/recherche/", {"q": "menuiserie", "kind": "NOPE"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "type de structure inconnu : NOPE" in content
    assert "<strong>2</strong> fournisseurs" in content
