"""An organisation of another kind with the same SIRET grants nothing on the SIAE;
invitation links die when the invited account's e-mail or password changes; an
administrator sees who joined and when."""

import re

import pytest
from django.core import mail

from sso.oidc.claims import organizations_claim
from sso.organizations import services
from sso.organizations.kinds import Kind
from sso.organizations.models import Membership, Organization

from .factories import MembershipFactory, ReferenceStructureFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_orienteur_with_an_siae_siret_is_allowed_but_grants_nothing_on_the_siae():
    reference = ReferenceStructureFactory()
    siae = services.employer_signup(UserFactory(), reference.siret).organization
    user = UserFactory()

    result = services.create_orienteur(user, siret=reference.siret, name="Relais", kind=Kind.OTHER_PRESCRIBER)

    assert result.organization != siae and result.organization.kind == Kind.OTHER_PRESCRIBER
    assert not Membership.objects.filter(organization=siae).exists()
    assert [o["id"] for o in organizations_claim(user)] == [str(result.organization.public_id)]
    assert organizations_claim(user)[0]["kind"] == Kind.OTHER_PRESCRIBER


def test_buyer_with_an_siae_siret_grants_nothing_on_the_siae(client):
    reference = ReferenceStructureFactory()
    siae = services.employer_signup(UserFactory(), reference.siret).organization
    user = UserFactory(email="achats@ville.fr")
    result = services.buyer_signup(user, siret=reference.siret, name="Ville")
    client.force_login(user)

    assert result.organization.kind == Kind.BUYER and result.organization != siae
    assert client.get(f"/organisations/{siae.public_id}/").status_code == 404
    assert not Membership.objects.filter(organization=siae).exists()


def _invite(client, member, email, capture):
    client.force_login(member.user)
    with capture(execute=True):
        client.post(f"/organisations/{member.organization.public_id}/invitations/", {"email": email})
    return re.search(r"https?://[^/\s]+(/invitations/\S+/)", mail.outbox[-1].body).group(1)


def test_invitation_link_dies_when_the_invited_accounts_password_changes(client, django_capture_on_commit_callbacks):
    member = MembershipFactory(is_admin=True)
    colleague = UserFactory(email="collegue@exemple.fr")
    path = _invite(client, member, "collegue@exemple.fr", django_capture_on_commit_callbacks)
    colleague.set_password("Autre-mot-de-passe-2026")
    colleague.save()
    client.force_login(colleague)

    response = client.post(path)

    assert response.status_code == 400
    assert "a changé" in response.content.decode()
    assert not Membership.objects.filter(user=colleague).exists()


def test_invitation_link_of_an_unchanged_account_still_works(client, django_capture_on_commit_callbacks):
    member = MembershipFactory(is_admin=True)
    colleague = UserFactory(email="collegue@exemple.fr")
    path = _invite(client, member, "collegue@exemple.fr", django_capture_on_commit_callbacks)
    client.force_login(colleague)

    assert client.post(path).status_code == 302
    assert Membership.objects.filter(user=colleague, organization=member.organization).exists()


def test_administrator_sees_who_joined_and_when(client):
    admin = MembershipFactory(is_admin=True)
    colleague = MembershipFactory(organization=admin.organization, user__first_name="Zoé", user__last_name="Roux")
    client.force_login(admin.user)

    content = client.get(f"/organisations/{admin.organization.public_id}/").content.decode()

    assert "Membre depuis" in content
    from django.utils.dateformat import format as date_format
    from django.utils.timezone import localtime

    assert (
        f"<td>Zoé Roux</td><td>{colleague.user.email}</td><td>Membre</td><td>{date_format(localtime(colleague.joined_at), 'j F Y')}</td>"
        in content
    )


def test_organization_kinds_with_the_same_siret_stay_distinct():
    reference = ReferenceStructureFactory()
    services.employer_signup(UserFactory(), reference.siret)
    services.create_orienteur(UserFactory(), siret=reference.siret, name="Relais", kind=Kind.OTHER_PRESCRIBER)
    services.buyer_signup(UserFactory(email="a@ville.fr"), siret=reference.siret, name="Ville")

    assert sorted(Organization.objects.filter(siret=reference.siret).values_list("kind", flat=True)) == [
        "BUYER",
        "EI",
        "OTHER_PRESCRIBER",
    ]
