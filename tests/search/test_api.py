import pytest

pytestmark = pytest.mark.django_db
URL = "/api/v1/suppliers/search"


def test_api_answers_the_documented_shape(client, catalogue):
    body = client.get(URL, {"q": "menuiserie", "near": "69383", "radius": "700"}).json()

    assert body["count"] == 2 and body["page"] == 1
    assert body["results"][0] == {
        "siret": "1",
        "name": "Menuiserie de l'Élan",
        "brand": "",
        "kind": "EI",
        "sectors": ["menuiserie"],
        "city": "Lyon 3e Arrondissement",
        "department": "69",
        "distance_km": 0.0,
        "certified": True,
        "url": "/fournisseurs/1/",
    }
    assert set(body["facets"]) == {"sector", "kind", "service", "department", "certified"}
    assert body["facets"]["certified"] == {"true": 1, "false": 1}


def test_repeatable_parameters(client, catalogue):
    body = client.get(URL, {"service": ["PREST", "DISP"], "sort": "name"}).json()

    assert [r["name"] for r in body["results"]] == ["Atelier Bois Solidaire", "Intérim National", "Nettoyage Provence"]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page_size": "500"}, "page_size"),
        ({"near": "99999"}, "near"),
        ({"sort": "prix"}, "sort"),
        ({"radius": "abc"}, "radius"),
        ({"service": "X"}, "service"),
    ],
)
def test_bad_parameters_get_a_400_naming_the_parameter(client, geography, params, parameter):
    response = client.get(URL, params)

    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert response.json()["error"]


def test_openapi_description_is_served_beside_the_api(client):
    spec = client.get("/api/v1/openapi.json").json()

    parameters = {p["name"] for p in spec["paths"]["/api/v1/suppliers/search"]["get"]["parameters"]}
    assert parameters == {
        "q",
        "sector",
        "kind",
        "service",
        "near",
        "radius",
        "serves",
        "department",
        "region",
        "certified",
        "sort",
        "page",
        "page_size",
    }


def test_autocomplete_suggests_suppliers_sectors_and_communes(client, catalogue):
    body = client.get("/api/v1/autocomplete", {"q": "vill"}).json()
    assert [c["insee"] for c in body["communes"]] == ["69266"]

    body = client.get("/api/v1/autocomplete", {"q": "menuis"}).json()
    assert "menuiserie" in [s["slug"] for s in body["sectors"]]

    body = client.get("/api/v1/autocomplete", {"q": "élan", "type": "supplier"}).json()
    assert body == {"suppliers": [{"name": "Menuiserie de l'Élan", "url": "/fournisseurs/1/"}]}


def test_autocomplete_refuses_an_unknown_type(client):
    assert client.get("/api/v1/autocomplete", {"q": "x", "type": "y"}).status_code == 400


def test_deep_pagination_is_refused_with_a_400_naming_page(client, catalogue):
    response = client.get(URL, {"page": "101", "page_size": "100"})

    assert response.status_code == 400
    assert response.json()["parameter"] == "page"
    assert "10000" in response.json()["error"]


def test_the_deepest_allowed_page_answers(client, catalogue):
    body = client.get(URL, {"page": "100", "page_size": "100"}).json()

    assert (body["count"], body["results"], body["count_is_lower_bound"]) == (4, [], False)


def test_results_carry_the_profile_url_and_the_engine_header(client, catalogue):
    response = client.get(URL, {"q": "atelier"})

    assert response["X-Search-Engine"] == "database"
    assert [r["url"] for r in response.json()["results"]] == ["/fournisseurs/2/"]
