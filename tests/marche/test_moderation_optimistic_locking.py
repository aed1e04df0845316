"""Moderation decisions apply to the state the moderator saw: when another moderator hid
or showed the supplier meanwhile, the decision is refused in French, nothing changes, and
the reason typed is kept."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from marche.suppliers.models import Supplier

from .factories import SupplierFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(client):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Modérateurs"))
    client.force_login(user)
    return user


def url(supplier):
    return f"/admin/supplier_admin/{supplier.pk}/moderation/"


def test_the_moderation_page_posts_back_the_state_it_shows(client, moderator):
    supplier = SupplierFactory()

    content = client.get(url(supplier)).content.decode()

    assert 'name="seen_state" value="visible"' in content


def test_hiding_a_supplier_another_moderator_hid_meanwhile_is_refused_and_keeps_the_reason(client, moderator):
    supplier = SupplierFactory()
    hidden_at = timezone.now() - timedelta(minutes=1)
    Supplier.objects.filter(pk=supplier.pk).update(hidden_at=hidden_at, hidden_reason="Doublon signalé")

    response = client.post(url(supplier), {"action": "hide", "reason": "Fiche frauduleuse", "seen_state": "visible"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Un autre modérateur a masqué cette fiche" in content
    assert "Doublon signalé" in content
    assert "Votre motif, non enregistré : « Fiche frauduleuse »." in content
    supplier.refresh_from_db()
    assert (supplier.hidden_at, supplier.hidden_reason) == (hidden_at, "Doublon signalé")


def test_showing_a_supplier_another_moderator_showed_and_hid_again_is_refused(client, moderator):
    supplier = SupplierFactory()
    first = timezone.now() - timedelta(hours=2)
    second = timezone.now() - timedelta(minutes=1)
    Supplier.objects.filter(pk=supplier.pk).update(hidden_at=second, hidden_reason="Nouveau motif")

    response = client.post(url(supplier), {"action": "unhide", "seen_state": first.isoformat()})

    assert response.status_code == 200
    assert "Un autre modérateur a masqué cette fiche" in response.content.decode()
    supplier.refresh_from_db()
    assert (supplier.hidden_at, supplier.hidden_reason) == (second, "Nouveau motif")


def test_hiding_on_the_state_seen_applies(client, moderator):
    supplier = SupplierFactory()

    response = client.post(url(supplier), {"action": "hide", "reason": "Fiche frauduleuse", "seen_state": "visible"})

    assert response.status_code == 302
    supplier.refresh_from_db()
    assert supplier.hidden_at is not None
    assert supplier.hidden_reason == "Fiche frauduleuse"
