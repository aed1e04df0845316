import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from sso.organizations import services
from sso.organizations.kinds import Kind
from sso.organizations.models import Invitation, Membership

from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return MembershipFactory(is_admin=False, organization__name="Les Jardins")


def invite(client, member, email, capture):
    client.force_login(member.user)
    with capture(execute=True):
        client.post(f"/organisations/{member.organization.public_id}/invitations/", {"email": email})
    return re.search(r"https?://[^/\s]+(/invitations/\S+/)", mail.outbox[-1].body).group(1)


def test_an_invited_colleague_with_an_account_joins(client, member, django_capture_on_commit_callbacks):
    colleague = UserFactory(email="collegue@exemple.fr")
    link = invite(client, member, "collegue@exemple.fr", django_capture_on_commit_callbacks)
    client.force_login(colleague)

    response = client.post(link)

    assert response.status_code == 302
    assert Membership.objects.active().filter(user=colleague, organization=member.organization).exists()
    assert mail.outbox[-1].subject.startswith("Invitation à rejoindre Les Jardins")


def test_an_invited_new_person_gets_the_sign_up_form_for_the_invited_address(
    client, member, django_capture_on_commit_callbacks
):
    link = invite(client, member, "nouvelle@exemple.fr", django_capture_on_commit_callbacks)
    client.logout()

    page = client.get(link).content.decode()

    # One step (tests/sso/test_invitation_one_step.py): the form is on the invitation page.
    assert "<strong>nouvelle@exemple.fr</strong>" in page
    assert 'name="password"' in page


def test_an_expired_invitation_is_refused(client, member, django_capture_on_commit_callbacks):
    link = invite(client, member, "collegue@exemple.fr", django_capture_on_commit_callbacks)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(UserFactory())

    response = client.post(link)

    assert response.status_code == 400
    assert "a expiré" in response.content.decode()


def test_a_resent_invitation_invalidates_the_old_link(client, member, django_capture_on_commit_callbacks):
    old_link = invite(client, member, "collegue@exemple.fr", django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/organisations/{member.organization.public_id}/invitations/{invitation.pk}/renvoyer/")
    new_link = re.search(r"https?://[^/\s]+(/invitations/\S+/)", mail.outbox[-1].body).group(1)
    client.force_login(UserFactory())

    assert client.post(old_link).status_code == 400
    assert client.post(new_link).status_code == 302


def test_an_accepted_invitation_cannot_be_used_twice(client, member, django_capture_on_commit_callbacks):
    link = invite(client, member, "collegue@exemple.fr", django_capture_on_commit_callbacks)
    client.force_login(UserFactory())
    client.post(link)
    client.force_login(UserFactory())

    assert client.post(link).status_code == 400


def test_an_administrator_cancels_an_invitation(client, django_capture_on_commit_callbacks):
    admin = MembershipFactory(is_admin=True)
    link = invite(client, admin, "collegue@exemple.fr", django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    client.post(f"/organisations/{admin.organization.public_id}/invitations/{invitation.pk}/annuler/")
    client.force_login(UserFactory())

    response = client.post(link)

    assert response.status_code == 400
    assert "annulée" in response.content.decode()


def test_a_member_who_is_not_admin_cannot_cancel_an_invitation(member):
    from django.core.exceptions import PermissionDenied

    invitation = services.invite(member.user, member.organization, "x@exemple.fr")

    with pytest.raises(PermissionDenied):
        services.cancel_invitation(member.user, invitation)


def test_pending_invitations_are_capped(member, settings):
    settings.MAX_PENDING_INVITATIONS = 2
    services.invite(member.user, member.organization, "a@exemple.fr")
    services.invite(member.user, member.organization, "b@exemple.fr")

    with pytest.raises(services.OrganizationRefused, match="invitations en attente"):
        services.invite(member.user, member.organization, "c@exemple.fr")


def test_an_invitation_into_a_prescriber_organization_is_refused_to_an_employer():
    prescriber = MembershipFactory(organization__kind=Kind.FT, is_admin=True)
    employer = MembershipFactory(organization__kind=Kind.EI).user
    invitation = services.invite(prescriber.user, prescriber.organization, employer.email)
    from common.tokens import hash_token

    invitation.token_hash = hash_token("t")
    invitation.save()

    with pytest.raises(services.OrganizationRefused, match="autre adresse e-mail"):
        services.accept_invitation(employer, "t")
    assert Invitation.objects.pending().filter(pk=invitation.pk).exists()
