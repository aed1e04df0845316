"""Activities in search, one contract for every engine (embedded on SQLite or PostgreSQL,
and Elasticsearch): the sector, service and "serves" filters are met by ONE activity
together; listed communes are a perimeter of their own."""

import pytest
from django.http import QueryDict

from marche.search.selectors import query_from_params
from search.engines import get_engine
from search.indexing import rebuild

from .conftest import make_supplier

pytestmark = pytest.mark.django_db


@pytest.fixture
def suppliers(geography):
    return {
        # Cleans offices around Lyon (30 km), but builds furniture only in Marseille's region.
        "mixed": make_supplier(
            "11",
            "Multiservices du Rhône",
            "69383",
            activities=[
                dict(sectors=["nettoyage-de-locaux"], services=["PREST"], perimeter=("radius", 30)),
                dict(sectors=["menuiserie"], services=["BUILD"], perimeter=("regions", ["93"])),
            ],
        ),
        # Woodwork in three listed communes only.
        "listed": make_supplier(
            "12",
            "Menuiserie des Communes",
            "69266",
            activities=[dict(sectors=["menuiserie"], services=["PREST"], perimeter=("communes", ["69266", "01053"]))],
        ),
    }


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request, suppliers, settings):
    if request.param == "database":
        return get_engine("database")
    settings.ELASTICSEARCH_URL = request.getfixturevalue("elasticsearch_url")
    settings.ELASTICSEARCH_INDEX_PREFIX = request.getfixturevalue("es_index_prefix")
    rebuild()
    return get_engine("elasticsearch")


def names(engine, **params) -> list[str]:
    data = QueryDict(mutable=True)
    for key, value in params.items():
        data.setlist(key, value if isinstance(value, list) else [str(value)])
    data["sort"] = "name"
    return [hit.name for hit in engine.search(query_from_params(data)).hits]


def test_serves_in_a_sector_needs_one_activity_covering_both(engine):
    # Lyon is served (cleaning) and woodwork is a sector of the supplier, but not in Lyon.
    assert names(engine, serves="69383", sector="nettoyage-de-locaux") == ["Multiservices du Rhône"]
    assert names(engine, serves="69383", sector="menuiserie") == []
    assert names(engine, serves="13055", sector="menuiserie") == ["Multiservices du Rhône"]
    assert names(engine, serves="13055", sector="nettoyage-de-locaux") == []


def test_sector_and_service_are_met_by_the_same_activity(engine):
    assert names(engine, sector="menuiserie", service="BUILD") == ["Multiservices du Rhône"]
    assert names(engine, sector="nettoyage-de-locaux", service="BUILD") == []
    assert names(engine, sector="menuiserie", service="PREST") == ["Menuiserie des Communes"]
    assert names(engine, serves="13055", service="PREST") == []


def test_a_sector_or_a_service_alone_matches_any_activity(engine):
    assert names(engine, sector="menuiserie") == ["Menuiserie des Communes", "Multiservices du Rhône"]
    assert names(engine, service="PREST") == ["Menuiserie des Communes", "Multiservices du Rhône"]


def test_listed_communes_are_served_and_nothing_else(engine):
    assert names(engine, serves="01053") == ["Menuiserie des Communes"]
    # Villeurbanne: listed by one, within the other's 30 km of Lyon.
    assert names(engine, serves="69266") == ["Menuiserie des Communes", "Multiservices du Rhône"]
    # Lyon 3e is neither listed nor in another activity of the listing supplier.
    assert names(engine, serves="69383") == ["Multiservices du Rhône"]
    assert names(engine, serves="42218") == []


def test_hits_show_the_sectors_of_every_activity(engine):
    hit = engine.search(query_from_params(QueryDict("q=multiservices"))).hits[0]

    assert hit.sectors == ["menuiserie", "nettoyage-de-locaux"]
    assert hit.sector_labels == ["Menuiserie", "Nettoyage de locaux"]


def test_sector_facet_counts_suppliers_serving_the_place(engine):
    result = engine.search(query_from_params(QueryDict("serves=01053")))

    assert result.total == 1
    assert result.facets["sector"] == {"menuiserie": 1}
