"""A commune typed as the suggestions write it (« Lyon (69) », « Saint-Denis (974) »), with or
without accents and capitals, is understood by the search page and the API."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marche.search.selectors import commune_from_suggestion
from tests.marche.search_page_support import geography, supplier

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    geography()
    supplier("90000000000001", "Traiteur de la Réunion", "97411")
    supplier("90000000000002", "Traiteur du Rhône", "69266")


@pytest.mark.parametrize(
    ("typed", "insee"),
    [
        ("Lyon (69)", "69123"),
        ("lyon (69)", "69123"),
        ("LYON(69)", "69123"),
        ("  Lyon ( 69 )  ", "69123"),
        ("Saint-Denis (974)", "97411"),
        ("saint denis (974)", "97411"),
        ("SAINT-DENIS (93)", "93066"),
        ("Saint-Denis (11)", "11339"),
        ("ajaccio (2a)", "2A004"),
    ],
)
def test_the_suggestion_format_names_one_commune(places, typed, insee):
    assert commune_from_suggestion(typed).insee == insee


@pytest.mark.parametrize("typed", ["Lyon (13)", "Lyo (69)", "Saint (974)", "Lyon ()", "(69)"])
def test_a_name_not_in_that_department_is_not_guessed(places, typed):
    assert commune_from_suggestion(typed) is None


def test_the_search_page_understands_a_typed_suggestion(client, places):
    response = client.get("/recherche/", {"q": "traiteur", "commune": "saint-denis (974)", "radius": "20"})

    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="commune_insee" id="commune_insee" value="97411"' in content
    assert "Aucune commune ne correspond" not in content
    assert "<strong>1</strong> fournisseur" in content
    assert "<mark>Traiteur</mark> de la Réunion" in content


def test_the_search_page_explains_a_suggestion_it_cannot_find(client, places):
    response = client.get("/recherche/", {"q": "traiteur", "commune": "Lyon (13)"})

    content = response.content.decode()
    assert "Aucune commune ne correspond à « Lyon (13) »" in content
    assert 'value="Lyon (13)"' in content  # what was typed is kept


def test_the_api_takes_a_suggestion_for_near_and_serves(client, places):
    near = client.get("/api/v1/suppliers/search", {"near": "Lyon (69)", "radius": "20", "sort": "distance"})
    serves = client.get("/api/v1/suppliers/search", {"serves": "Saint-Denis (974)"})

    assert near.status_code == 200
    assert [r["siret"] for r in near.json()["results"]] == ["90000000000002"]
    assert serves.status_code == 200
    assert [r["siret"] for r in serves.json()["results"]] == ["90000000000001"]


def test_the_api_refuses_an_unknown_suggestion_naming_the_parameter(client, places):
    response = client.get("/api/v1/suppliers/search", {"near": "Lyon (13)"})

    assert response.status_code == 400
    assert response.json()["parameter"] == "near"


@given(name=st.text(max_size=40), department=st.text(max_size=4))
def test_any_typed_suggestion_gets_an_answer_never_a_500(client, places, name, department):
    response = client.get("/recherche/", {"commune": f"{name} ({department})"})

    assert response.status_code in (200, 400)
