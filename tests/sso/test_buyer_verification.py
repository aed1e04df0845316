"""Buyers sign up with a professional address; their organisation is verified by its
e-mail domain or by staff, and the organizations claim says so."""

import pytest

from sso.oidc.claims import organizations_claim
from sso.organizations import services
from sso.organizations.models import Membership, Organization

from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

SIRET = "90000005000014"


def test_free_mail_address_cannot_sign_up_a_buyer_organization_and_is_told_why(client):
    client.force_login(UserFactory(email="jean.dupont@gmail.com"))

    response = client.post(
        "/organisations/inscription/acheteur/", {"siret": SIRET, "name": "Ville de Démo", "website": "ville.fr"}
    )

    content = response.content.decode()
    assert "adresse e-mail professionnelle" in content and "gmail.com" in content
    assert 'value="Ville de Démo"' in content
    assert not Organization.objects.exists()


def test_free_mail_list_is_a_setting(settings, tmp_path):
    listing = tmp_path / "free.txt"
    listing.write_text("# test\nmairie-gratuite.fr\n")
    settings.FREE_EMAIL_DOMAINS_FILE = listing

    with pytest.raises(services.OrganizationRefused, match="professionnelle"):
        services.buyer_signup(UserFactory(email="a@mairie-gratuite.fr"), siret=SIRET, name="X")
    assert services.buyer_signup(UserFactory(email="a@gmail.com"), siret=SIRET, name="X").membership.is_admin


def test_buyer_whose_address_matches_the_declared_website_is_verified():
    result = services.buyer_signup(
        UserFactory(email="achats@marches.ville-demo.fr"),
        siret=SIRET,
        name="Ville de Démo",
        website="https://www.ville-demo.fr/",
    )

    organization = Organization.objects.get(pk=result.organization.pk)
    assert organization.verified_at is not None and organization.verified_domain == "marches.ville-demo.fr"
    assert organizations_claim(result.membership.user)[0]["verified"] is True


def test_buyer_with_another_domain_is_not_verified_and_the_page_says_what_to_do(client):
    user = UserFactory(email="achats@cabinet-conseil.fr")
    result = services.buyer_signup(user, siret=SIRET, name="Ville de Démo", website="https://ville-demo.fr")
    client.force_login(user)

    content = client.get(f"/organisations/{result.organization.public_id}/").content.decode()

    assert Organization.objects.get(pk=result.organization.pk).verified_at is None
    assert organizations_claim(user)[0]["verified"] is False
    assert "pas encore vérifiée" in content and "écrivez au support" in content


def test_a_lookalike_domain_does_not_verify():
    result = services.buyer_signup(
        UserFactory(email="achats@ville-demo.fr.attaquant.com"), siret=SIRET, name="V", website="https://ville-demo.fr"
    )

    assert Organization.objects.get(pk=result.organization.pk).verified_at is None


def test_staff_verify_a_buyer_organization_in_the_admin(admin_client):
    membership = MembershipFactory(organization__kind="BUYER", is_admin=True, user__email="a@agglo.fr")

    admin_client.post(
        "/admin/organizations/organization/",
        {"action": "verify_buyer", "_selected_action": [membership.organization_id]},
    )

    organization = Organization.objects.get(pk=membership.organization_id)
    assert organization.verified_at is not None and organization.verified_domain == "agglo.fr"
    assert organizations_claim(membership.user)[0]["verified"] is True


def test_a_later_member_on_the_verified_domain_verifies_an_organization_left_unverified():
    organization = MembershipFactory(
        organization__kind="BUYER", organization__website="https://agglo.fr", is_admin=True
    ).organization
    colleague = UserFactory(email="marches@agglo.fr")

    services.add_member(colleague, organization)

    assert Organization.objects.get(pk=organization.pk).verified_at is not None


def test_the_website_cannot_be_changed_by_joining_again():
    first = UserFactory(email="a@agglo.fr")
    services.buyer_signup(first, siret=SIRET, name="Agglo", website="https://agglo.fr")

    services.buyer_signup(UserFactory(email="b@pirate.fr"), siret=SIRET, name="Agglo", website="https://pirate.fr")

    organization = Organization.objects.get(siret=SIRET, kind="BUYER")
    assert organization.website == "https://agglo.fr"
    assert Membership.objects.filter(organization=organization).count() == 1


def test_claim_says_verified_for_authorised_prescribers_only():
    user = UserFactory()
    MembershipFactory(user=user, organization__kind="FT", organization__is_authorized=True, organization__name="A")
    MembershipFactory(user=user, organization__kind="OTHER_PRESCRIBER", organization__name="B")

    assert [(o["kind"], o["verified"], o["is_active"]) for o in organizations_claim(user)] == [
        ("FT", True, True),
        ("OTHER_PRESCRIBER", False, True),
    ]
