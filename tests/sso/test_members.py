import pytest

from sso.organizations import services
from sso.organizations.models import Membership

from .factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return MembershipFactory(is_admin=True)


def test_first_member_of_a_prescriber_or_buyer_organization_is_its_administrator():
    organization = OrganizationFactory(kind="OTHER_PRESCRIBER")

    result = services.join_or_request(UserFactory(), organization)

    assert result.membership.is_admin


def test_first_person_of_an_siae_does_not_become_its_administrator_on_their_word():
    organization = OrganizationFactory(kind="EI")

    result = services.join_or_request(UserFactory(), organization)

    assert result.claim_needed is True and result.membership is None
    assert not Membership.objects.filter(organization=organization).exists()


def test_administrator_names_another_administrator_and_removes_the_rights(admin):
    colleague = MembershipFactory(organization=admin.organization)

    services.set_admin(admin.user, colleague, True)
    assert Membership.objects.get(pk=colleague.pk).is_admin
    services.set_admin(admin.user, colleague, False)
    assert not Membership.objects.get(pk=colleague.pk).is_admin


def test_last_admin_cannot_leave(admin):
    MembershipFactory(organization=admin.organization)

    with pytest.raises(services.OrganizationRefused, match="au moins un administrateur"):
        services.leave(admin.user, admin.organization)


def test_last_admin_cannot_be_demoted(admin):
    with pytest.raises(services.OrganizationRefused, match="au moins un administrateur"):
        services.set_admin(admin.user, admin, False)


def test_admin_can_leave_once_another_admin_is_named(admin):
    colleague = MembershipFactory(organization=admin.organization)
    services.set_admin(admin.user, colleague, True)

    services.leave(admin.user, admin.organization)

    assert not Membership.objects.active().filter(user=admin.user).exists()


def test_administrator_removes_a_member_who_left_the_structure(admin):
    former = MembershipFactory(organization=admin.organization)

    services.remove_member(admin.user, former)

    assert not Membership.objects.active().filter(pk=former.pk).exists()


def test_a_member_who_is_not_admin_cannot_name_admins_or_remove_members(admin):
    from django.core.exceptions import PermissionDenied

    member = MembershipFactory(organization=admin.organization)

    with pytest.raises(PermissionDenied):
        services.set_admin(member.user, member, True)
    with pytest.raises(PermissionDenied):
        services.remove_member(member.user, admin)


def test_last_admin_refusal_is_shown_on_the_page(client, admin):
    client.force_login(admin.user)

    response = client.post(f"/organisations/{admin.organization.public_id}/quitter/", follow=True)

    assert "au moins un administrateur" in response.content.decode()
    assert Membership.objects.active().filter(pk=admin.pk).exists()


def test_a_person_who_changed_organization_joins_by_invitation_and_is_removed_from_the_old_one(admin):
    person = MembershipFactory(organization=admin.organization)
    new_admin = MembershipFactory(is_admin=True)
    invitation = services.invite(new_admin.user, new_admin.organization, person.user.email)
    token = _token_for(invitation)

    services.accept_invitation(person.user, token)
    services.remove_member(admin.user, person)

    assert [m.organization for m in Membership.objects.active().filter(user=person.user)] == [new_admin.organization]


def _token_for(invitation):
    """Re-issue a known token (the real one only travels by email)."""
    from common.tokens import hash_token

    token = "jeton-de-test"
    invitation.token_hash = hash_token(token)
    invitation.save()
    return token
