import pytest
from django.utils import timezone

from .factories import SupplierFactory, UserFactory, buyer

pytestmark = pytest.mark.django_db


def test_profile_has_a_readable_url_and_shows_the_supplier(client):
    supplier = SupplierFactory(slug="atelier-bois", name="Atelier Bois", contact_email="contact@atelier.fr")

    response = client.get("/fournisseurs/atelier-bois/")

    assert response.status_code == 200
    assert "Atelier Bois" in response.content.decode()
    assert supplier.get_absolute_url() == "/fournisseurs/atelier-bois/"


def test_contact_details_are_shown_to_signed_in_buyers_only(client):
    SupplierFactory(slug="s", contact_email="contact@atelier.fr")

    assert "contact@atelier.fr" not in client.get("/fournisseurs/s/").content.decode()
    client.force_login(UserFactory())
    assert "contact@atelier.fr" not in client.get("/fournisseurs/s/").content.decode()
    client.force_login(buyer())
    assert "contact@atelier.fr" in client.get("/fournisseurs/s/").content.decode()


def test_inactive_or_hidden_suppliers_have_no_public_page(client):
    SupplierFactory(slug="fermee", is_active=False)
    SupplierFactory(slug="masquee", hidden_at=timezone.now())

    assert client.get("/fournisseurs/fermee/").status_code == 404
    assert client.get("/fournisseurs/masquee/").status_code == 404
