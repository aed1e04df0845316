"""A first search of the demo catalogue near a big city finds sensible suppliers, through
the buyers' search API on the embedded database engine."""

import pytest

from marche.core import catalogue
from marche.sectors.models import Sector
from marche.suppliers.models import Supplier
from search.geo import distance_km

from .catalogue_support import load_big_communes

pytestmark = pytest.mark.django_db

CITIES = {"69123": (45.74846, 4.84671), "13055": (43.29695, 5.38107), "59350": (50.63297, 3.05858)}


@pytest.mark.parametrize(
    ("text", "insee", "group"),
    [
        ("traiteur", "69123", "Restauration"),
        ("espaces verts", "13055", "Espaces verts & extérieurs"),
        ("blanchisserie", "59350", "Entretien du linge"),
    ],
)
def test_a_search_near_a_big_city_finds_suppliers_of_the_matching_sector_group(client, settings, text, insee, group):
    settings.ELASTICSEARCH_URL = ""  # the embedded engine, as `make run`
    load_big_communes()
    report = catalogue.generate(150)
    assert report.created == 150

    response = client.get("/api/v1/suppliers/search", {"q": text, "near": insee, "radius": "30"})

    assert response.status_code == 200
    assert response["X-Search-Engine"] == "database"
    body = response.json()
    assert body["count"] >= 1
    group_of = dict(Sector.objects.values_list("slug", "group__name"))
    lat, lon = CITIES[insee]
    for hit in body["results"]:
        assert {group_of[slug] for slug in hit["sectors"]} == {group}, hit
        assert hit["distance_km"] <= 30
        supplier = Supplier.objects.get(siret=hit["siret"])
        assert distance_km(lat, lon, supplier.latitude, supplier.longitude) <= 30
        assert hit["siret"] in {catalogue.siret_for(i) for i in range(150)}
    showcase = next(i for i, (city, g, _) in enumerate(catalogue.SHOWCASE) if city == insee and g == group)
    assert catalogue.siret_for(showcase) in {hit["siret"] for hit in body["results"]}


def test_a_search_far_from_any_catalogue_supplier_of_that_sector_finds_none(client, settings):
    settings.ELASTICSEARCH_URL = ""
    load_big_communes()
    catalogue.generate(60)  # the showcase only: headline sectors in ten big cities
    # Brest is more than 200 km from every showcase city.
    response = client.get("/api/v1/suppliers/search", {"q": "traiteur", "near": "29019", "radius": "30"})
    assert response.status_code == 200
    assert response.json()["count"] == 0
