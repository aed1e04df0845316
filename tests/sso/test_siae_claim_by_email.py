"""Claiming an SIAE of the ASP's list: the first person proves it by opening the link sent
to the ASP's technical contact while signed in as themselves; nothing is granted otherwise."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from sso.organizations import services
from sso.organizations.models import Membership, Organization, StructureClaim

from .factories import MembershipFactory, ReferenceStructureFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def structure():
    reference = ReferenceStructureFactory(name="Atelier Vert", auth_email="contact@atelier-vert.fr")
    organization = services.employer_signup(UserFactory(), reference.siret).organization
    return organization


def claim_link(client, user, organization, capture) -> str:
    client.force_login(user)
    with capture(execute=True):
        response = client.post(f"/organisations/{organization.public_id}/revendiquer/", {"method": "email"})
    assert response.status_code == 302
    return re.search(r"https?://[^/\s]+(/revendications/\S+/)", mail.outbox[-1].body).group(1)


def test_claim_page_shows_the_contact_masked(client, structure):
    client.force_login(UserFactory())

    content = client.get(f"/organisations/{structure.public_id}/revendiquer/").content.decode()

    assert "c•••••@atelier-vert.fr" in content
    assert "contact@atelier-vert.fr" not in content


def test_claim_sends_the_link_to_the_asp_contact_naming_the_claimant(
    client, structure, django_capture_on_commit_callbacks
):
    claimant = UserFactory(first_name="Nadia", last_name="Berger", email="nadia@exemple.fr")

    claim_link(client, claimant, structure, django_capture_on_commit_callbacks)

    message = mail.outbox[-1]
    assert message.to == ["contact@atelier-vert.fr"]
    assert "Nadia Berger (n•••••@exemple.fr)" in message.body
    assert "Atelier Vert" in message.subject


def test_claim_without_opening_the_link_grants_nothing(client, structure, django_capture_on_commit_callbacks):
    claimant = UserFactory()

    claim_link(client, claimant, structure, django_capture_on_commit_callbacks)

    assert not Membership.objects.filter(organization=structure).exists()
    assert client.get(f"/organisations/{structure.public_id}/").status_code == 404
    assert "un lien a été envoyé" in client.get("/organisations/").content.decode()


def test_claimant_opening_the_link_becomes_administrator(client, structure, django_capture_on_commit_callbacks):
    claimant = UserFactory()
    path = claim_link(client, claimant, structure, django_capture_on_commit_callbacks)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{structure.public_id}/"
    assert Membership.objects.get(user=claimant, organization=structure).is_admin
    assert StructureClaim.objects.get(user=claimant).status == StructureClaim.Status.APPROVED


def test_claim_link_opened_by_another_account_grants_nothing(client, structure, django_capture_on_commit_callbacks):
    claimant, stranger = UserFactory(), UserFactory()
    path = claim_link(client, claimant, structure, django_capture_on_commit_callbacks)
    client.force_login(stranger)

    response = client.get(path)

    assert response.status_code == 403
    assert "rien n'a été modifié" in response.content.decode()
    assert not Membership.objects.filter(organization=structure).exists()
    assert StructureClaim.objects.get(user=claimant).status == StructureClaim.Status.PENDING


def test_claim_link_opened_signed_out_names_the_claimant_and_asks_to_sign_in(
    client, structure, django_capture_on_commit_callbacks
):
    claimant = UserFactory(first_name="Nadia", last_name="Berger", email="nadia@exemple.fr")
    path = claim_link(client, claimant, structure, django_capture_on_commit_callbacks)
    client.logout()

    response = client.get(path)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Nadia Berger (n•••••@exemple.fr)" in content
    assert "/comptes/connexion/?next=" in content
    assert not Membership.objects.filter(organization=structure).exists()
    client.force_login(claimant)
    assert client.get(path).status_code == 302
    assert Membership.objects.get(user=claimant, organization=structure).is_admin


def test_reused_claim_link_is_refused(client, structure, django_capture_on_commit_callbacks):
    claimant = UserFactory()
    path = claim_link(client, claimant, structure, django_capture_on_commit_callbacks)
    client.get(path)

    response = client.get(path)

    assert response.status_code == 400
    assert Membership.objects.filter(organization=structure).count() == 1


def test_expired_claim_link_is_refused(client, structure, django_capture_on_commit_callbacks, settings):
    claimant = UserFactory()
    path = claim_link(client, claimant, structure, django_capture_on_commit_callbacks)
    StructureClaim.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.get(path)

    assert response.status_code == 400
    assert "expiré" in response.content.decode()
    assert not Membership.objects.filter(organization=structure).exists()


def test_claim_link_dies_when_the_claimants_password_changes(client, structure, django_capture_on_commit_callbacks):
    claimant = UserFactory()
    path = claim_link(client, claimant, structure, django_capture_on_commit_callbacks)
    claimant.set_password("Un-autre-mot-de-passe-2026")
    claimant.save()
    client.force_login(claimant)

    response = client.get(path)

    assert response.status_code == 400
    assert "a changé" in response.content.decode()
    assert not Membership.objects.filter(organization=structure).exists()


def test_claim_link_dies_when_the_claimants_email_changes(client, structure, django_capture_on_commit_callbacks):
    claimant = UserFactory()
    path = claim_link(client, claimant, structure, django_capture_on_commit_callbacks)
    claimant.email = "nouvelle@exemple.fr"
    claimant.save()
    client.force_login(claimant)

    assert client.get(path).status_code == 400
    assert not Membership.objects.filter(organization=structure).exists()


def test_a_new_claim_link_replaces_the_previous_one(client, structure, django_capture_on_commit_callbacks, settings):
    settings.CLAIM_RESEND_MINUTES = 0
    claimant = UserFactory()
    first = claim_link(client, claimant, structure, django_capture_on_commit_callbacks)
    second = claim_link(client, claimant, structure, django_capture_on_commit_callbacks)

    assert client.get(first).status_code == 400
    assert client.get(second).status_code == 302


def test_claim_links_cannot_be_asked_for_in_a_burst(client, structure, django_capture_on_commit_callbacks):
    claimant = UserFactory()
    claim_link(client, claimant, structure, django_capture_on_commit_callbacks)
    sent = len(mail.outbox)

    response = client.post(f"/organisations/{structure.public_id}/revendiquer/", {"method": "email"})

    assert response.status_code == 200
    assert "Attendez quelques minutes" in response.content.decode()
    assert len(mail.outbox) == sent
    assert StructureClaim.objects.count() == 1


def test_a_structure_with_an_administrator_cannot_be_claimed(client, django_capture_on_commit_callbacks):
    reference = ReferenceStructureFactory(auth_email="contact@siae.fr")
    admin = MembershipFactory(organization__siret=reference.siret, organization__asp_id=reference.asp_id, is_admin=True)
    client.force_login(UserFactory())

    response = client.post(f"/organisations/{admin.organization.public_id}/revendiquer/", {"method": "email"})

    assert response.status_code == 302
    assert not StructureClaim.objects.exists()
    assert mail.outbox == []


def test_a_buyer_organization_has_no_claim_page(client):
    buyer = MembershipFactory(organization__kind="BUYER", is_admin=True).organization
    client.force_login(UserFactory())

    assert client.get(f"/organisations/{buyer.public_id}/revendiquer/").status_code == 404


def test_structure_left_without_active_administrator_is_reclaimed_through_the_link(
    client, django_capture_on_commit_callbacks
):
    reference = ReferenceStructureFactory(auth_email="contact@siae.fr")
    former = MembershipFactory(
        organization__siret=reference.siret, organization__asp_id=reference.asp_id, is_admin=True
    )
    former.user.is_active = False
    former.user.save()
    organization = Organization.objects.get(pk=former.organization_id)
    newcomer = UserFactory()

    result = services.employer_signup(newcomer, reference.siret)
    assert result.claim_needed is True
    path = claim_link(client, newcomer, organization, django_capture_on_commit_callbacks)
    client.get(path)

    assert Membership.objects.get(user=newcomer, organization=organization).is_admin
