"""Rule: on the search page, "qui interviennent sur la commune" sorted by distance keeps the
commune filter and says why the order is not by distance (the distance order needs
"situés à moins de"); it used to drop the filter and list the whole catalogue."""

import pytest

pytestmark = pytest.mark.django_db


def test_serves_filter_is_kept_and_the_distance_sort_is_explained(client, catalogue):
    response = client.get("/recherche/", {"commune_insee": "01053", "mode": "serves", "sort": "distance"})

    content = response.content.decode()
    assert response.status_code == 200
    # The same two suppliers as without a sort: those whose perimeter covers Bourg-en-Bresse.
    assert "<strong>2</strong> fournisseurs" in content
    assert 'id="tri-distance"' in content
    assert "Le tri par distance n&#x27;est possible qu&#x27;avec « situés à moins de »" in content
    assert "Bourg-en-Bresse" in content
    assert "La recherche n&#x27;a pas pu tenir compte" not in content


def test_the_explanation_also_reaches_javascript_requests(client, catalogue):
    response = client.get(
        "/recherche/",
        {"commune_insee": "01053", "mode": "serves", "sort": "distance"},
        HTTP_X_REQUESTED_WITH="fetch",
    )

    content = response.content.decode()
    assert "<strong>2</strong> fournisseurs" in content
    assert 'id="tri-distance"' in content


def test_near_sorted_by_distance_has_no_explanation(client, catalogue):
    content = client.get("/recherche/", {"commune_insee": "69266", "sort": "distance"}).content.decode()

    assert 'id="tri-distance"' not in content
    assert "à 0,0 km" in content


def test_the_api_still_refuses_distance_without_near(client, catalogue):
    response = client.get("/api/v1/suppliers/search", {"serves": "01053", "sort": "distance"})

    assert response.status_code == 400
    assert response.json()["parameter"] == "sort"
