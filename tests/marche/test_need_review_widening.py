"""Before submitting, the review step shows how many visible suppliers match and, when
they are few, offers to widen the place or the sectors."""

import pytest

from marche.needs.models import PlaceKind
from marche.sectors.models import Sector

from .factories import ActivityFactory, SupplierFactory
from .need_support import buyer_org, buyer_user, make_need, snapshot

pytestmark = pytest.mark.django_db


def review(client, need):
    return client.get(f"/besoins/{need.uid}/modifier/verification/").content.decode()


def widen(client, need, action):
    return client.post(f"/besoins/{need.uid}/modifier/verification/", {"version": need.version, "action": action})


def test_the_count_is_of_visible_matching_suppliers(client, places):
    org = buyer_org()
    sector = Sector.objects.order_by("pk").first()
    need = make_need(org, communes=[places["lyon"]], sector_list=[sector])
    ActivityFactory(perimeter_kind="national", sectors=[sector])
    ActivityFactory(
        supplier=SupplierFactory(hidden_at="2026-01-01T00:00:00Z"), perimeter_kind="national", sectors=[sector]
    )
    ActivityFactory(perimeter_kind="national")  # another sector
    client.force_login(buyer_user(org))

    content = review(client, need)

    assert "1 fournisseur inclusif correspond à votre besoin" in content
    assert "Élargir à tout le département" in content


def test_widening_a_commune_to_its_department_then_region_then_france(client, places):
    org = buyer_org()
    need = make_need(org, communes=[places["lyon"]])
    client.force_login(buyer_user(org))

    widen(client, need, "widen_place:departments")
    need.refresh_from_db()
    assert (need.place_kind, list(need.departments.values_list("code", flat=True))) == (PlaceKind.DEPARTMENTS, ["69"])
    assert need.communes.count() == 0

    widen(client, need, "widen_place:regions")
    need.refresh_from_db()
    assert (need.place_kind, list(need.regions.values_list("code", flat=True))) == (PlaceKind.REGIONS, ["84"])

    widen(client, need, "widen_place:national")
    need.refresh_from_db()
    assert need.place_kind == PlaceKind.NATIONAL and need.regions.count() == 0


def test_widening_sectors_takes_their_whole_groups(client, places):
    org = buyer_org()
    sector = Sector.objects.order_by("pk").first()
    need = make_need(org, communes=[places["lyon"]], sector_list=[sector])
    client.force_login(buyer_user(org))
    assert "Élargir aux groupes de secteurs entiers" in review(client, need)

    widen(client, need, "widen_sectors")

    need.refresh_from_db()
    assert set(need.sectors.values_list("pk", flat=True)) == set(sector.group.sectors.values_list("pk", flat=True))


def test_an_unknown_widening_changes_nothing(client, places):
    org = buyer_org()
    need = make_need(org, communes=[places["lyon"]])
    before = snapshot(need)
    client.force_login(buyer_user(org))

    response = widen(client, need, "widen_place:planet")

    assert response.status_code == 400
    assert "Élargissement inconnu." in response.content.decode()
    assert snapshot(need) == before


def test_no_widening_offered_when_suppliers_are_many(client, places):
    org = buyer_org()
    sector = Sector.objects.order_by("pk").first()
    need = make_need(org, communes=[places["lyon"]], sector_list=[sector])
    for _ in range(5):
        ActivityFactory(perimeter_kind="national", sectors=[sector])
    client.force_login(buyer_user(org))

    content = review(client, need)

    assert "5 fournisseurs inclusifs correspondent à votre besoin" in content
    assert "Élargir" not in content
