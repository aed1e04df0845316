"""The intervention perimeter has one home: validation, "covers this place?", the ORM
filter and the search engines all give the same answer."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marche.search.selectors import place
from marche.suppliers.models import Activity, Supplier
from marche.suppliers.perimeter import Perimeter, serving, validate
from search.engines import get_engine
from search.query import Place, SupplierQuery

from .conftest import COMMUNES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("insee", [c[0] for c in COMMUNES])
def test_covers_the_orm_filter_and_the_embedded_engine_agree_for_every_commune(catalogue, insee):
    where = place(insee)
    activities = Activity.objects.filter(supplier__in=Supplier.objects.visible()).select_related("supplier")

    by_rule = sorted({a.supplier.name for a in activities if a.perimeter.covers(where)})
    by_orm = sorted(set(activities.filter(serving(where)).values_list("supplier__name", flat=True)))
    by_engine = sorted(h.name for h in get_engine("database").search(SupplierQuery(serves=where, page_size=100)).hits)

    assert by_rule == by_orm == by_engine


def test_a_radius_covers_up_to_its_distance_and_not_beyond():
    lyon = Perimeter(kind="radius", radius_km=30, lat=45.7597, lon=4.8422)

    assert lyon.covers(Place("69266", 45.7719, 4.8902, "69", "84"))  # Villeurbanne, 4 km
    assert not lyon.covers(Place("42218", 45.4347, 4.3903, "42", "84"))  # Saint-Étienne, 50 km
    assert not lyon.covers(Place("97601", None, None, "976", "06"))  # no coordinates


def test_lists_cover_their_communes_departments_or_regions_only():
    where = Place("01053", 46.2, 5.2, "01", "84")

    assert Perimeter(kind="communes", communes=("01053", "69266")).covers(where)
    assert not Perimeter(kind="communes", communes=("69266",)).covers(where)
    assert not Perimeter(kind="communes", departments=("01",)).covers(where)  # listed communes only

    assert Perimeter(kind="departments", departments=("69", "01")).covers(where)
    assert not Perimeter(kind="departments", departments=("69",)).covers(where)
    assert Perimeter(kind="regions", regions=("84",)).covers(where)
    assert Perimeter(kind="national").covers(where)


def test_document_fields_keep_only_what_the_kind_uses():
    fields = Perimeter(kind="departments", radius_km=30, departments=("69",), regions=("84",)).document_fields()

    assert fields == {
        "perimeter_kind": "departments",
        "perimeter_radius_km": 0,
        "perimeter_communes": (),
        "perimeter_departments": ("69",),
        "perimeter_regions": (),
    }
    communes = Perimeter(kind="communes", radius_km=30, communes=("69266",), departments=("69",)).document_fields()
    assert communes == {
        "perimeter_kind": "communes",
        "perimeter_radius_km": 0,
        "perimeter_communes": ("69266",),
        "perimeter_departments": (),
        "perimeter_regions": (),
    }


@pytest.mark.parametrize(
    ("kind", "radius", "departments", "regions", "errors"),
    [
        ("radius", 30, [], [], set()),
        ("radius", None, [], [], {"perimeter_radius_km"}),
        ("radius", 0, [], [], {"perimeter_radius_km"}),
        ("radius", 5000, [], [], {"perimeter_radius_km"}),
        ("departments", None, [], [], {"perimeter_departments"}),
        ("regions", None, ["69"], [], {"perimeter_regions"}),
        ("communes", None, ["69"], ["84"], {"perimeter_communes"}),
        ("national", None, [], [], set()),
        ("galaxie", None, [], [], {"perimeter_kind"}),
    ],
)
def test_validation_names_the_field_to_fix(kind, radius, departments, regions, errors):
    assert set(validate(kind, radius, departments, regions)) == errors


def test_listed_communes_are_valid_from_one_up_to_the_limit():
    from marche.suppliers.perimeter import MAX_COMMUNES

    assert validate("communes", None, [], [], ["69266"]) == {}
    too_many = validate("communes", None, [], [], [f"{n:05d}" for n in range(MAX_COMMUNES + 1)])
    assert set(too_many) == {"perimeter_communes"}
    assert f"{MAX_COMMUNES} au plus" in too_many["perimeter_communes"]


@settings(max_examples=200, deadline=None)
@given(
    lat=st.floats(41, 51),
    lon=st.floats(-5, 9),
    radius=st.integers(1, 1000),
    plat=st.floats(41, 51),
    plon=st.floats(-5, 9),
)
def test_a_radius_covers_exactly_what_the_distance_says(lat, lon, radius, plat, plon):
    from search.geo import distance_km

    covered = Perimeter(kind="radius", radius_km=radius, lat=lat, lon=lon).covers(Place("x", plat, plon, "00", "00"))

    assert covered == (distance_km(lat, lon, plat, plon) <= radius)
