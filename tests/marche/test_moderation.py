"""Moderators hide suppliers from search; editors cannot touch supplier data."""

import pytest
from django.contrib.auth.models import Group

from search import index
from search.engines.database import DatabaseEngine
from search.query import SupplierQuery

from .factories import SupplierFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(client):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Modérateurs"))
    client.force_login(user)
    return user


@pytest.fixture
def editor(client):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Éditeurs"))
    client.force_login(user)
    return user


def test_moderator_lists_and_filters_suppliers_in_the_admin(client, moderator):
    SupplierFactory(name="Atelier Visible", kind="ACI")
    SupplierFactory(name="Entreprise Cachée", kind="EI")

    response = client.get("/admin/supplier_admin/", {"kind": "ACI"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Atelier Visible" in content and "Entreprise Cachée" not in content


def test_moderator_hides_a_supplier_with_a_reason_and_it_disappears_from_search(client, moderator):
    supplier = SupplierFactory(name="Menuiserie Douteuse")
    index.changed([supplier.pk])  # the factory writes the row directly, as no service would
    assert [h.name for h in DatabaseEngine().search(SupplierQuery(text="douteuse")).hits] == ["Menuiserie Douteuse"]

    refused = client.post(f"/admin/supplier_admin/{supplier.pk}/moderation/", {"action": "hide", "reason": ""})
    assert "Indiquez le motif" in refused.content.decode()

    client.post(
        f"/admin/supplier_admin/{supplier.pk}/moderation/", {"action": "hide", "reason": "Signalement d'un acheteur"}
    )

    supplier.refresh_from_db()
    assert supplier.hidden_at is not None and supplier.hidden_reason == "Signalement d'un acheteur"
    assert DatabaseEngine().search(SupplierQuery(text="douteuse")).hits == []
    assert client.get(supplier.get_absolute_url()).status_code == 404


def test_moderation_page_shows_the_certification_checklist(client, moderator):
    supplier = SupplierFactory()

    content = client.get(f"/admin/supplier_admin/{supplier.pk}/moderation/").content.decode()

    assert "Description détaillée" in content and "Logo" in content


def test_editors_who_are_not_staff_cannot_moderate_or_change_suppliers(client, editor):
    supplier = SupplierFactory()

    # Wagtail's admin turns a refusal into a redirect with a message.
    assert client.post(
        f"/admin/supplier_admin/{supplier.pk}/moderation/", {"action": "hide", "reason": "x"}
    ).status_code in (302, 403)
    assert client.post(f"/admin/supplier_admin/edit/{supplier.pk}/", {"name": "Changé"}).status_code in (302, 403)
    supplier.refresh_from_db()
    assert supplier.hidden_at is None and supplier.name != "Changé"


def test_moderators_cannot_change_supplier_data_nor_pages(client, moderator):
    supplier = SupplierFactory()

    assert client.post(f"/admin/supplier_admin/edit/{supplier.pk}/", {"name": "Changé"}).status_code in (302, 403)
    supplier.refresh_from_db()
    assert supplier.name != "Changé"
    assert client.get("/admin/pages/add/home/contentpage/1/").status_code in (302, 403)
