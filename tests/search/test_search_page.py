import re

import pytest

pytestmark = pytest.mark.django_db


def test_search_page_works_without_javascript_and_keeps_the_state_in_the_url(client, catalogue):
    response = client.get("/recherche/", {"q": "menuiserie", "certified": "true"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "<strong>1</strong> fournisseur" in content
    assert 'value="menuiserie"' in content
    assert 'id="certified" name="certified" value="true" checked' in content
    assert "Menuiserie de l&#x27;Élan" in content or "<mark>Menuiserie</mark>" in content


def test_matches_are_highlighted(client, catalogue):
    content = client.get("/recherche/", {"q": "elan"}).content.decode()

    assert "<mark>Élan</mark>" in content


def test_a_commune_typed_as_text_is_found_and_used_for_distance(client, catalogue):
    content = client.get(
        "/recherche/", {"commune": "Villeurbanne", "radius": "10", "sort": "distance"}
    ).content.decode()

    assert "à 0,0 km" in content and "à 4," in content
    assert 'value="69266"' in content


def test_intervient_sur_mode_uses_the_perimeter(client, catalogue):
    content = client.get("/recherche/", {"commune_insee": "01053", "mode": "serves"}).content.decode()

    assert "<strong>2</strong> fournisseurs" in content


def test_an_unknown_commune_is_explained_and_the_search_still_answers(client, catalogue):
    response = client.get("/recherche/", {"q": "menuiserie", "commune": "Nullepart-sur-Mer"})

    content = response.content.decode()
    assert "Aucune commune ne correspond" in content
    assert "<strong>2</strong> fournisseurs" in content


def test_facets_show_counts_and_keep_the_selection(client, catalogue):
    content = client.get("/recherche/", {"kind": "EI"}).content.decode()

    assert 'id="kind-EI" name="kind" value="EI" checked' in content
    assert "Atelier chantier d&#x27;insertion (1)" in content


def test_javascript_requests_get_only_the_results(client, catalogue):
    response = client.get("/recherche/", {"q": "atelier"}, HTTP_X_REQUESTED_WITH="fetch")

    content = response.content.decode()
    assert "<html" not in content
    # The name may carry the highlight of the matched word: compare without it.
    assert "Atelier Bois Solidaire" in re.sub(r"</?mark>", "", content)


def test_pagination_links_keep_the_other_parameters(client, catalogue):
    content = client.get("/recherche/", {"sort": "name", "page_size": "2"}).content.decode()

    assert "sort=name&amp;page_size=2&amp;page=2" in content
