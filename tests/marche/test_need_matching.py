"""Which suppliers a need reaches (marche.suppliers.matching.suppliers_for_need): visible
suppliers with ONE activity covering one of the need's sectors and its place, certified
first, in one query."""

import pytest
from django.utils import timezone

from marche.search.selectors import place
from marche.sectors.models import Sector
from marche.suppliers.matching import suppliers_for_need
from tests.search.conftest import add_activity, geography, make_supplier  # noqa: F401 (geography: a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geography")]


@pytest.fixture
def sectors(db):
    return {slug: Sector.objects.get(slug=slug).pk for slug in ("menuiserie", "nettoyage-de-locaux", "blanchisserie")}


def matched(sectors, slugs, **where) -> list[str]:
    return [s.name for s in suppliers_for_need(sector_ids=[sectors[slug] for slug in slugs], **where)]


def test_one_activity_must_cover_both_the_sector_and_the_place(sectors):
    make_supplier(
        "1",
        "Multiservices",
        "69383",
        activities=[
            dict(sectors=["nettoyage-de-locaux"], perimeter=("radius", 30)),
            dict(sectors=["menuiserie"], perimeter=("regions", ["93"])),
        ],
    )

    assert matched(sectors, ["nettoyage-de-locaux"], places=[place("69266")]) == ["Multiservices"]
    assert matched(sectors, ["menuiserie"], places=[place("69266")]) == []  # woodwork only in region 93
    assert matched(sectors, ["menuiserie"], places=[place("13055")]) == ["Multiservices"]
    assert matched(sectors, ["blanchisserie"], places=[place("69266")]) == []


def test_one_of_the_sectors_and_one_of_the_places_is_enough(sectors):
    make_supplier("1", "Menuiserie Lyonnaise", "69383", sectors=["menuiserie"], perimeter=("radius", 30))

    assert matched(sectors, ["blanchisserie", "menuiserie"], places=[place("13055"), place("69266")]) == [
        "Menuiserie Lyonnaise"
    ]
    assert matched(sectors, ["menuiserie"], places=[place("13055"), place("42218")]) == []


def test_hidden_and_inactive_suppliers_are_never_matched(sectors):
    for siret, name, extra in [
        ("1", "Visible", {}),
        ("2", "Fermée", {"is_active": False}),
        ("3", "Masquée", {"hidden_at": timezone.now()}),
    ]:
        make_supplier(siret, name, "69383", sectors=["menuiserie"], perimeter=("national", None), **extra)

    assert matched(sectors, ["menuiserie"], national=True) == ["Visible"]


def test_certified_suppliers_come_first_then_by_name(sectors):
    for siret, name, certified in [("1", "Alpha", False), ("2", "Zêta", True), ("3", "Bêta", True)]:
        make_supplier(siret, name, "69383", sectors=["menuiserie"], certified=certified, perimeter=("national", None))

    assert matched(sectors, ["menuiserie"], places=[place("69383")]) == ["Bêta", "Zêta", "Alpha"]


def test_a_supplier_with_two_matching_activities_is_matched_once(sectors):
    supplier = make_supplier("1", "Double", "69383", sectors=["menuiserie"], perimeter=("national", None))
    add_activity(supplier, sectors=["menuiserie"], perimeter=("departments", ["69"]))

    assert matched(sectors, ["menuiserie"], places=[place("69383")], departments=["69"]) == ["Double"]


def test_listed_communes_cover_those_communes_their_department_and_region_only(sectors):
    make_supplier("1", "Communes", "69266", sectors=["menuiserie"], perimeter=("communes", ["69266", "01053"]))

    assert matched(sectors, ["menuiserie"], places=[place("01053")]) == ["Communes"]
    assert matched(sectors, ["menuiserie"], places=[place("69383")]) == []
    assert matched(sectors, ["menuiserie"], departments=["01"]) == ["Communes"]
    assert matched(sectors, ["menuiserie"], departments=["42"]) == []
    assert matched(sectors, ["menuiserie"], regions=["84"]) == ["Communes"]
    assert matched(sectors, ["menuiserie"], regions=["93"]) == []


def test_a_department_need_reaches_lists_naming_it_its_region_and_radii_based_in_it(sectors):
    make_supplier("1", "Rayon Lyon", "69383", sectors=["menuiserie"], perimeter=("radius", 30))
    make_supplier("2", "Liste Rhône", "13055", sectors=["menuiserie"], perimeter=("departments", ["69"]))
    make_supplier("3", "Région AURA", "13055", sectors=["menuiserie"], perimeter=("regions", ["84"]))
    make_supplier("4", "Rayon Marseille", "13055", sectors=["menuiserie"], perimeter=("radius", 500))
    make_supplier("5", "Liste Loire", "69383", sectors=["menuiserie"], perimeter=("departments", ["42"]))

    assert matched(sectors, ["menuiserie"], departments=["69"]) == ["Liste Rhône", "Rayon Lyon", "Région AURA"]
    # A region need: lists of its departments too (the Loire is in region 84).
    assert matched(sectors, ["menuiserie"], regions=["84"]) == [
        "Liste Loire",
        "Liste Rhône",
        "Rayon Lyon",
        "Région AURA",
    ]


def test_a_national_need_reaches_every_perimeter_in_the_sector(sectors):
    make_supplier("1", "Rayon", "69383", sectors=["menuiserie"], perimeter=("radius", 10))
    make_supplier("2", "Communes", "13055", sectors=["menuiserie"], perimeter=("communes", ["13055"]))
    make_supplier("3", "Autre secteur", "13055", sectors=["blanchisserie"], perimeter=("national", None))

    assert matched(sectors, ["menuiserie"], national=True) == ["Communes", "Rayon"]


def test_a_need_without_a_place_reaches_nobody(sectors):
    make_supplier("1", "Partout", "69383", sectors=["menuiserie"], perimeter=("national", None))

    assert matched(sectors, ["menuiserie"]) == []


def test_matching_is_one_query(sectors, django_assert_num_queries):
    make_supplier("1", "Rayon", "69383", sectors=["menuiserie"], perimeter=("radius", 30))
    make_supplier("2", "Communes", "69266", sectors=["menuiserie"], perimeter=("communes", ["69266"]))
    where = [place("69266")]

    with django_assert_num_queries(1):
        found = [s.name for s in suppliers_for_need(sector_ids=[sectors["menuiserie"]], places=where, regions=["84"])]

    assert found == ["Communes", "Rayon"]
