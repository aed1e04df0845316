"""Suppliers' contact details are shown to members of verified buyer organisations and to
staff, nobody else; an unverified buyer is told why and what to do."""

import pytest

from marche.suppliers import selectors

from .factories import SupplierFactory, UserFactory, buyer, member_of, organization_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def supplier():
    return SupplierFactory(contact_email="contact@siae.fr", contact_phone="01 02 03 04 05")


def page(client, supplier):
    return client.get(f"/fournisseurs/{supplier.slug}/").content.decode()


def test_verified_buyer_sees_contact_details(client, supplier):
    client.force_login(buyer(verified=True))

    assert "contact@siae.fr" in page(client, supplier)


def test_unverified_buyer_does_not_see_contact_details_and_is_told_what_to_do(client, supplier, settings):
    user = buyer(verified=False)
    client.force_login(user)

    content = page(client, supplier)

    assert "contact@siae.fr" not in content and "01 02 03 04 05" not in content
    assert "pas encore vérifiée" in content
    assert f"{settings.SSO_ISSUER}/organisations/{user.organizations[0]['id']}/" in content


def test_staff_see_contact_details(client, supplier):
    client.force_login(UserFactory(is_staff=True))

    assert "contact@siae.fr" in page(client, supplier)


@pytest.mark.parametrize("kind", ["EI", "OTHER_PRESCRIBER", "FT", "PARTNER"])
def test_non_buyers_do_not_see_contact_details(client, supplier, kind):
    client.force_login(UserFactory(organizations=[organization_claim(kind=kind, verified=True)]))

    assert "contact@siae.fr" not in page(client, supplier)


def test_anonymous_visitors_do_not_see_contact_details(client, supplier):
    assert "contact@siae.fr" not in page(client, supplier)


def test_a_buyer_membership_marked_inactive_shows_nothing(client, supplier):
    client.force_login(UserFactory(organizations=[organization_claim(kind="BUYER", verified=True, is_active=False)]))

    assert "contact@siae.fr" not in page(client, supplier)


def test_is_verified_buyer_reads_the_verified_claim_only():
    assert selectors.is_verified_buyer(buyer(verified=True)) is True
    assert selectors.is_verified_buyer(buyer(verified=False)) is False
    assert selectors.is_verified_buyer(member_of(SupplierFactory())) is False
    legacy = UserFactory(organizations=[{"id": "x", "kind": "BUYER", "is_active": True}])
    assert selectors.is_verified_buyer(legacy) is False
