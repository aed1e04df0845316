"""The public list of open needs: validated and deadline not passed; the buyer's name
only if they chose so; filterable by sector and department; paginated."""

import pytest

from marche.needs.models import NeedStatus, PlaceKind
from marche.sectors.models import Sector

from .factories import SupplierFactory, member_of
from .need_support import buyer_org, future, make_need

pytestmark = pytest.mark.django_db


def listed(client, **params):
    response = client.get("/besoins/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_only_validated_needs_whose_deadline_has_not_passed_are_listed(client):
    org = buyer_org()
    make_need(org, status=NeedStatus.VALIDATED, title="Ouvert aujourd'hui encore", deadline=future(0))
    make_need(org, status=NeedStatus.VALIDATED, title="Clos hier", deadline=future(-1))
    for status in (NeedStatus.DRAFT, NeedStatus.SUBMITTED, NeedStatus.CHANGES_REQUESTED, NeedStatus.REFUSED):
        make_need(org, status=status, title=f"Statut {status}")

    content = listed(client)

    assert "Ouvert aujourd&#x27;hui encore" in content
    assert "Clos hier" not in content and "Statut" not in content


def test_the_buyer_name_shows_only_when_chosen(client):
    make_need(buyer_org(name="Ville Visible"), status=NeedStatus.VALIDATED, show_buyer_name=True)
    make_need(buyer_org(name="Ville Discrète"), status=NeedStatus.VALIDATED, show_buyer_name=False)

    content = listed(client)

    assert "Ville Visible" in content and "Ville Discrète" not in content


def test_a_supplier_member_does_not_see_a_hidden_buyer_name_on_the_need_page(client):
    need = make_need(buyer_org(name="Ville Discrète"), status=NeedStatus.VALIDATED, show_buyer_name=False)
    client.force_login(member_of(SupplierFactory()))

    content = client.get(f"/besoins/{need.uid}/").content.decode()

    assert "Ville Discrète" not in content
    assert (
        "Le nom de l&#x27;acheteur vous sera communiqué" in content
        or "Le nom de l'acheteur vous sera communiqué" in content
    )


def test_filter_by_sector(client):
    first, second = Sector.objects.order_by("pk")[:2]
    make_need(buyer_org(), status=NeedStatus.VALIDATED, title="Besoin A", sector_list=[first])
    make_need(buyer_org(), status=NeedStatus.VALIDATED, title="Besoin B", sector_list=[second])

    content = listed(client, secteur=first.slug)

    assert "Besoin A" in content and "Besoin B" not in content


def test_filter_by_department_covers_communes_departments_regions_and_national(client, places):
    org = buyer_org()
    make_need(org, status=NeedStatus.VALIDATED, title="Dans une commune du Rhône", communes=[places["lyon"]])
    in_department = make_need(org, status=NeedStatus.VALIDATED, title="Dans le Rhône", place_kind=PlaceKind.DEPARTMENTS)
    in_department.departments.set(["69"])
    in_region = make_need(org, status=NeedStatus.VALIDATED, title="Dans la région", place_kind=PlaceKind.REGIONS)
    in_region.regions.set(["84"])
    make_need(org, status=NeedStatus.VALIDATED, title="Partout", place_kind=PlaceKind.NATIONAL)
    elsewhere = make_need(org, status=NeedStatus.VALIDATED, title="À Paris", place_kind=PlaceKind.DEPARTMENTS)
    elsewhere.departments.set(["75"])

    content = listed(client, departement="69")

    for title in ("Dans une commune du Rhône", "Dans le Rhône", "Dans la région", "Partout"):
        assert title in content
    assert "À Paris" not in content
    assert "Aucun besoin ouvert ne correspond." in listed(client, departement="99")


def test_the_list_is_paginated(client):
    org = buyer_org()
    for n in range(25):
        make_need(org, status=NeedStatus.VALIDATED, title=f"Besoin numéro {n:02d}", deadline=future(10 + n))

    first = listed(client)
    second = listed(client, page=2)
    beyond = listed(client, page=99)

    assert "Besoin numéro 00" in first and "Besoin numéro 20" not in first
    assert "Besoin numéro 20" in second and "Besoin numéro 00" not in second
    assert "Page 2 sur 2" in beyond


def test_hostile_filters_do_not_break_the_page(client):
    make_need(buyer_org(), status=NeedStatus.VALIDATED, title="Visible")

    assert "Aucun besoin ouvert ne correspond." in listed(client, secteur="<script>", departement="'; --")
    assert "Visible" in listed(client, page="abc")
