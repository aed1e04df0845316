"""Suppliers turn notifications off per sector from their dashboard, and see the needs
they received there."""

import pytest

from marche.needs.models import NotificationOptOut
from tests.marche import need_supplier_support as s

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_setting():
    green, cleaning = s.sector("espaces-verts-test"), s.sector("nettoyage-test")
    supplier = s.supplier(sectors=[green, cleaning])
    return supplier, green, cleaning, s.member_of(supplier)


def test_member_turns_a_sector_off_and_on_again(client, member_setting):
    supplier, green, cleaning, member = member_setting
    client.force_login(member)
    url = f"/besoins/recus/{supplier.slug}/notifications/"

    client.post(url, {"shown": [green.pk, cleaning.pk], "sector": [cleaning.pk]})
    assert list(NotificationOptOut.objects.values_list("supplier", "sector")) == [(supplier.pk, green.pk)]

    client.post(url, {"shown": [green.pk, cleaning.pk], "sector": [green.pk, cleaning.pk]})
    assert not NotificationOptOut.objects.exists()


def test_member_of_another_supplier_cannot_change_the_settings(client, member_setting):
    supplier, green, cleaning, _ = member_setting
    client.force_login(s.member_of(s.supplier()))

    response = client.post(f"/besoins/recus/{supplier.slug}/notifications/", {"shown": [green.pk]})

    assert response.status_code == 404
    assert not NotificationOptOut.objects.exists()


def test_received_needs_are_listed_on_the_dashboard_and_the_received_page(client, member_setting):
    supplier, green, cleaning, member = member_setting
    need = s.need(sectors=[green], title="Tonte des pelouses")
    s.recipient(need, supplier)
    not_sent = s.need(sectors=[green], title="Besoin jamais envoyé")
    client.force_login(member)

    for path in ("/besoins/recus/", f"/tableau-de-bord/{supplier.slug}/"):
        content = client.get(path).content.decode()
        assert f"/besoins/{need.uid}/repondre/" in content
        assert not_sent.title not in content
