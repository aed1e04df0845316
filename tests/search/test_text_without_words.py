"""Rule: a text made only of stop words or punctuation ("le", "!!") is answered like no
text at all (name order), on every engine; it used to be a 500 on the embedded engine
(ordered by a constant)."""

import pytest

from search.engines.database import DatabaseEngine
from search.query import SupplierQuery

pytestmark = pytest.mark.django_db

NAMES_IN_ORDER = ["Atelier Bois Solidaire", "Intérim National", "Menuiserie de l'Élan", "Nettoyage Provence"]


@pytest.mark.parametrize("q", ["le", "!!", "de la", "d'", "  ;  "])
def test_text_without_words_is_answered_in_name_order_by_the_api(client, catalogue, q):
    response = client.get("/api/v1/suppliers/search", {"q": q})

    assert response.status_code == 200
    assert [hit["name"] for hit in response.json()["results"]] == NAMES_IN_ORDER


@pytest.mark.parametrize("q", ["le", "!!"])
def test_text_without_words_is_answered_by_the_search_page(client, catalogue, q):
    response = client.get("/recherche/", {"q": q})

    assert response.status_code == 200
    assert "<strong>4</strong> fournisseurs" in response.content.decode()


def test_text_without_words_sorts_by_name_on_the_embedded_engine(catalogue):
    query = SupplierQuery(text="le", sort="relevance")

    assert query.effective_sort == "name"
    assert [hit.name for hit in DatabaseEngine().search(query).hits] == NAMES_IN_ORDER
