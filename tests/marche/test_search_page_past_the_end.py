"""A page past the last one says so, with a link back to the last page; the API answers an
empty page with the total and the number of pages (documented in the OpenAPI document)."""

import re

import pytest

from tests.marche.search_page_support import geography, supplier

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_suppliers():
    geography()
    return [supplier(f"9000000000000{n}", f"Menuiserie numéro {n}", "69123") for n in range(3)]


def test_a_page_past_the_end_says_so_and_links_to_the_last_page(client, three_suppliers):
    response = client.get("/recherche/", {"q": "menuiserie", "page": "99"})

    content = response.content.decode()
    assert response.status_code == 404
    assert "La page 99 n'existe pas" in content
    assert "Cette recherche tient en 1 page." in content
    link = re.search(r'<a class="fr-link" href="([^"]+)">Revenir à la dernière page \(page 1\)</a>', content)
    assert link.group(1) == "?q=menuiserie&amp;page=1"
    assert 'data-testid="result"' not in content
    assert "Aucun fournisseur ne correspond" not in content


def test_the_link_goes_to_the_last_page_of_several(client, three_suppliers):
    content = client.get("/recherche/", {"q": "menuiserie", "page_size": "1", "page": "7"}).content.decode()

    assert "Cette recherche tient en 3 pages." in content
    assert 'href="?q=menuiserie&amp;page_size=1&amp;page=3">Revenir à la dernière page (page 3)' in content

    last = client.get("/recherche/", {"q": "menuiserie", "page_size": "1", "page": "3"})
    assert last.status_code == 200
    assert last.content.decode().count('data-testid="result"') == 1


def test_a_page_within_the_results_has_no_such_message(client, three_suppliers):
    response = client.get("/recherche/", {"q": "menuiserie", "page": "1"})

    assert response.status_code == 200
    assert "n'existe pas" not in response.content.decode()
    assert response.content.decode().count('data-testid="result"') == 3


def test_no_result_at_all_is_not_a_page_past_the_end(client, three_suppliers):
    response = client.get("/recherche/", {"q": "boulangerie", "page": "2"})

    assert response.status_code == 200
    assert "Aucun fournisseur ne correspond" in response.content.decode()


def test_the_api_answers_an_empty_page_with_the_total_and_the_number_of_pages(client, three_suppliers):
    response = client.get("/api/v1/suppliers/search", {"q": "menuiserie", "page": "99", "page_size": "2"})

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["num_pages"], body["results"]) == (3, 99, 2, [])
