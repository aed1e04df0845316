"""One contract, two engines: the embedded engine (on SQLite, or PostgreSQL when
DATABASE_URL says so) and Elasticsearch (the real test node)."""

import pytest
from django.http import QueryDict

from marche.search.selectors import query_from_params
from search.engines import get_engine
from search.engines.database import radius_values
from search.indexing import rebuild
from search.query import QueryError, SupplierQuery

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request, catalogue, settings):
    if request.param == "database":
        return get_engine("database")
    settings.ELASTICSEARCH_URL = request.getfixturevalue("elasticsearch_url")
    settings.ELASTICSEARCH_INDEX_PREFIX = request.getfixturevalue("es_index_prefix")
    rebuild()
    return get_engine("elasticsearch")


def names(result):
    return [hit.name for hit in result.hits]


def q(**params) -> SupplierQuery:
    data = QueryDict(mutable=True)
    for key, value in params.items():
        if isinstance(value, list):
            data.setlist(key, value)
        else:
            data[key] = str(value)
    return query_from_params(data)


def test_text_matches_name_and_description_with_name_first(engine):
    assert names(engine.search(q(q="menuiserie"))) == ["Menuiserie de l'Élan", "Intérim National"]


@pytest.mark.parametrize("text", ["ÉLAN", "elan", "l'élan", "L’ELAN", "d'élan"])
def test_text_is_insensitive_to_case_accents_and_elision(engine, text):
    assert names(engine.search(q(q=text))) == ["Menuiserie de l'Élan"]


def test_brand_and_offers_are_searched(engine):
    assert names(engine.search(q(q="atelier"))) == ["Atelier Bois Solidaire"]
    assert names(engine.search(q(q="mobilier urbain"))) == ["Atelier Bois Solidaire"]


def test_sector_labels_are_searched(engine):
    assert names(engine.search(q(q="locaux"))) == ["Nettoyage Provence"]


def test_one_typo_is_tolerated_in_words_of_five_letters_or_more(engine):
    assert names(engine.search(q(q="menuserie"))) == ["Menuiserie de l'Élan", "Intérim National"]
    assert names(engine.search(q(q="nettoyaeg"))) == ["Nettoyage Provence"]


def test_short_words_must_be_exact(engine):
    assert names(engine.search(q(q="bios"))) == []
    assert names(engine.search(q(q="bois"))) == ["Atelier Bois Solidaire"]


def test_french_stop_words_are_ignored(engine):
    assert names(engine.search(q(q="la menuiserie de"))) == names(engine.search(q(q="menuiserie")))


def test_every_word_must_match(engine):
    assert names(engine.search(q(q="menuiserie provence"))) == []


def test_inactive_and_hidden_suppliers_never_appear(engine):
    everything = engine.search(q(page_size=100))
    assert "Menuiserie Fermée" not in names(everything) and "Menuiserie Masquée" not in names(everything)
    assert everything.total == 4


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"sector": "menuiserie"}, ["Menuiserie de l'Élan"]),
        ({"sector": ["menuiserie", "travail-du-bois"]}, ["Atelier Bois Solidaire", "Menuiserie de l'Élan"]),
        ({"kind": "EI"}, ["Menuiserie de l'Élan", "Nettoyage Provence"]),
        ({"service": "PREST"}, ["Atelier Bois Solidaire", "Nettoyage Provence"]),
        ({"certified": "true"}, ["Menuiserie de l'Élan", "Nettoyage Provence"]),
        ({"department": "69"}, ["Atelier Bois Solidaire", "Menuiserie de l'Élan"]),
        ({"region": "32"}, ["Intérim National"]),
        ({"kind": "EI", "service": "PREST"}, ["Nettoyage Provence"]),
    ],
)
def test_filters(engine, params, expected):
    assert names(engine.search(q(**params))) == expected


def test_near_keeps_suppliers_within_the_radius_sorted_by_distance(engine):
    result = engine.search(q(near="69266", radius=10, sort="distance"))

    assert names(result) == ["Atelier Bois Solidaire", "Menuiserie de l'Élan"]
    assert result.hits[0].distance_km == 0.0
    assert 3.5 < result.hits[1].distance_km < 4.5


def test_near_with_a_larger_radius(engine):
    assert set(names(engine.search(q(near="42218", radius=60)))) == {"Atelier Bois Solidaire", "Menuiserie de l'Élan"}
    assert names(engine.search(q(near="42218", radius=40))) == []


@pytest.mark.parametrize(
    ("commune", "expected"),
    [
        (
            "69383",
            ["Atelier Bois Solidaire", "Intérim National", "Menuiserie de l'Élan"],
        ),  # radius, department, national
        ("42218", ["Intérim National"]),  # 50 km from Lyon: beyond the 30 km radius; Loire not listed
        ("01053", ["Atelier Bois Solidaire", "Intérim National"]),  # Ain is in the Atelier's departments
        ("13055", ["Intérim National", "Nettoyage Provence"]),  # region 93
        ("97601", ["Intérim National"]),  # no coordinates: only lists and national
    ],
)
def test_serves_follows_each_intervention_perimeter(engine, commune, expected):
    assert names(engine.search(q(serves=commune, sort="name"))) == expected


def test_facets_count_without_their_own_filter(engine):
    result = engine.search(q(kind="EI"))

    assert result.facets["kind"] == {"EI": 2, "ACI": 1, "ETTI": 1}
    assert result.facets["certified"] == {"true": 2, "false": 0}
    assert result.facets["sector"] == {"menuiserie": 1, "nettoyage-de-locaux": 1}
    assert result.facets["service"] == {"BUILD": 1, "PREST": 1}
    assert result.facets["department"] == {"69": 1, "13": 1}


def test_facets_follow_the_text_and_place_filters(engine):
    result = engine.search(q(q="menuiserie"))

    assert result.facets["kind"] == {"EI": 1, "ETTI": 1}
    assert result.facets["certified"] == {"true": 1, "false": 1}


def test_pagination_and_name_sort(engine):
    first = engine.search(q(sort="name", page_size=3))
    second = engine.search(q(sort="name", page_size=3, page=2))

    assert names(first) == ["Atelier Bois Solidaire", "Intérim National", "Menuiserie de l'Élan"]
    assert names(second) == ["Nettoyage Provence"]
    assert first.total == second.total == 4


def test_hits_carry_what_the_api_returns(engine, catalogue):
    hit = engine.search(q(q="élan", near="69383")).hits[0]

    assert (hit.siret, hit.kind, hit.sectors, hit.city, hit.department, hit.certified) == (
        "1", "EI", ["menuiserie"], "Lyon 3e Arrondissement", "69", True,
    )  # fmt: skip
    assert hit.distance_km == 0.0
    assert hit.highlights["name"] == "Menuiserie de l&#x27;<mark>Élan</mark>"


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"near": "00000"}, "near"), ({"serves": "abc"}, "serves"), ({"radius": "-1"}, "radius"),
        ({"page": "0"}, "page"), ({"page_size": "101"}, "page_size"), ({"service": "XYZ"}, "service"),
        ({"sort": "prix"}, "sort"), ({"sort": "distance"}, "sort"), ({"near": "97601"}, "near"),
    ],
)  # fmt: skip
def test_bad_parameters_name_the_parameter(geography, params, parameter):
    with pytest.raises(QueryError) as error:
        q(**params)
    assert error.value.parameter == parameter


def test_serves_stays_one_clause_per_distinct_radius(catalogue):
    from .conftest import make_supplier

    for n in range(5):
        make_supplier(f"r{n}", f"Rayon {n}", "69383", perimeter=("radius", 30))

    assert radius_values() == [30]
