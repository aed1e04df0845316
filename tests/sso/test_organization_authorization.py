"""A member of organisation A cannot see, invite into or administer organisation B by
changing an ID in a URL or a form."""

import pytest

from sso.organizations.models import Invitation, JoinRequest, Membership

from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def a_admin():
    return MembershipFactory(is_admin=True, organization__name="Structure A")


@pytest.fixture
def b_admin():
    return MembershipFactory(is_admin=True, organization__name="Structure B")


def test_member_of_a_cannot_see_b(client, a_admin, b_admin):
    client.force_login(a_admin.user)

    response = client.get(f"/organisations/{b_admin.organization.public_id}/")

    assert response.status_code == 404
    assert "Structure B" not in response.content.decode()


def test_member_of_a_cannot_invite_into_b(client, a_admin, b_admin):
    client.force_login(a_admin.user)

    response = client.post(f"/organisations/{b_admin.organization.public_id}/invitations/", {"email": "x@exemple.fr"})

    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_member_of_a_cannot_name_an_admin_of_b_through_a_url(client, a_admin, b_admin):
    b_member = MembershipFactory(organization=b_admin.organization)
    client.force_login(a_admin.user)

    # B's membership id behind A's organisation, then behind B's.
    through_a = client.post(
        f"/organisations/{a_admin.organization.public_id}/membres/{b_member.pk}/administrateur/", {"is_admin": "1"}
    )
    through_b = client.post(
        f"/organisations/{b_admin.organization.public_id}/membres/{b_member.pk}/administrateur/", {"is_admin": "1"}
    )

    assert through_a.status_code == 404 and through_b.status_code == 404
    assert not Membership.objects.get(pk=b_member.pk).is_admin


def test_member_of_a_cannot_remove_a_member_of_b(client, a_admin, b_admin):
    client.force_login(a_admin.user)

    response = client.post(f"/organisations/{a_admin.organization.public_id}/membres/{b_admin.pk}/retirer/")

    assert response.status_code == 404
    assert Membership.objects.active().filter(pk=b_admin.pk).exists()


def test_member_of_a_cannot_decide_a_join_request_of_b(client, a_admin, b_admin):
    join_request = JoinRequest.objects.create(organization=b_admin.organization, user=UserFactory())
    client.force_login(a_admin.user)

    response = client.post(
        f"/organisations/{a_admin.organization.public_id}/demandes/{join_request.pk}/", {"decision": "accept"}
    )

    assert response.status_code == 404
    assert JoinRequest.objects.get(pk=join_request.pk).status == "pending"


def test_member_of_a_cannot_cancel_or_resend_an_invitation_of_b(client, a_admin, b_admin):
    from sso.organizations import services

    invitation = services.invite(b_admin.user, b_admin.organization, "x@exemple.fr")
    client.force_login(a_admin.user)

    cancel = client.post(f"/organisations/{a_admin.organization.public_id}/invitations/{invitation.pk}/annuler/")
    resend = client.post(f"/organisations/{a_admin.organization.public_id}/invitations/{invitation.pk}/renvoyer/")

    assert cancel.status_code == 404 and resend.status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).cancelled_at is None


def test_member_of_a_cannot_create_an_antenna_of_b_or_switch_to_b(client, a_admin, b_admin):
    client.force_login(a_admin.user)

    assert client.post(f"/organisations/{b_admin.organization.public_id}/antenne/", {"name": "X"}).status_code == 404
    assert client.post(f"/organisations/{b_admin.organization.public_id}/choisir/").status_code == 404


def test_plain_member_cannot_administer_their_own_organization_through_the_page(client, a_admin):
    member = MembershipFactory(organization=a_admin.organization)
    client.force_login(member.user)

    response = client.post(
        f"/organisations/{a_admin.organization.public_id}/membres/{member.pk}/administrateur/", {"is_admin": "1"}
    )

    assert response.status_code == 403
    assert not Membership.objects.get(pk=member.pk).is_admin


def test_anonymous_visitors_are_sent_to_login(client, a_admin):
    response = client.get(f"/organisations/{a_admin.organization.public_id}/")

    assert response.status_code == 302 and "/comptes/connexion/" in response["Location"]
