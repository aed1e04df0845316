"""Accepting an invitation without an account takes one step: the link, sent to the
invited address, proves it, so the account is created verified and joins at once (no
second e-mail). Refused links create nothing."""

import re
import secrets
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from sso.accounts.models import User
from sso.organizations.models import Invitation, Membership

from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Un-mot-de-passe-tout-neuf-31"


@pytest.fixture
def member():
    return MembershipFactory(is_admin=True, organization__name="Les Jardins")


@pytest.fixture
def link(client, member, django_capture_on_commit_callbacks):
    """The path of the invitation link mailed to nouvelle@exemple.fr (the outbox is then emptied)."""
    client.force_login(member.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/organisations/{member.organization.public_id}/invitations/", {"email": "Nouvelle@Exemple.fr"})
    client.logout()
    path = re.search(r"https?://[^/\s]+(/invitations/\S+/)", mail.outbox[-1].body).group(1)
    mail.outbox.clear()
    return path


def signup_data(**changes):
    return {"first_name": "Noa", "last_name": "Nouvelle", "password": NEW_PASSWORD, "accept_terms": "on", **changes}


def test_the_invitation_page_offers_the_sign_up_form_with_the_address_shown_not_typed(client, link):
    page = client.get(link).content.decode()

    assert "Nouvelle@Exemple.fr" in page
    assert 'name="password"' in page
    assert 'name="email"' not in page


def test_a_new_person_creates_the_account_and_joins_in_one_step(client, member, link):
    response = client.post(link, signup_data())

    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{member.organization.public_id}/"
    user = User.objects.get(email__iexact="nouvelle@exemple.fr")
    assert user.email == "Nouvelle@exemple.fr"  # as invited, the domain in lower case
    assert user.email_verified is True
    assert user.check_password(NEW_PASSWORD)
    assert Membership.objects.active().filter(user=user, organization=member.organization, is_admin=False).exists()
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    assert mail.outbox == []  # no verification mail: the link proved the address
    # Signed in already: the account page opens.
    assert client.get("/comptes/mon-compte/").status_code == 200


def test_the_link_then_is_used(client, link):
    client.post(link, signup_data())
    client.logout()

    response = client.post(link, signup_data(first_name="Autre"))

    assert response.status_code == 400
    assert "déjà été acceptée" in response.content.decode()
    assert User.objects.filter(email__iexact="nouvelle@exemple.fr").count() == 1
    assert User.objects.get(email__iexact="nouvelle@exemple.fr").first_name == "Noa"


def test_a_weak_password_keeps_what_was_typed_and_creates_nothing(client, link):
    response = client.post(link, signup_data(password="motdepasse"))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Noa"' in page and 'value="Nouvelle"' in page
    assert not User.objects.filter(email__iexact="nouvelle@exemple.fr").exists()
    assert Invitation.objects.get().accepted_at is None


def test_terms_must_be_accepted(client, link):
    data = signup_data()
    del data["accept_terms"]

    response = client.post(link, data)

    assert response.status_code == 200
    assert "conditions générales" in response.content.decode()
    assert not User.objects.filter(email__iexact="nouvelle@exemple.fr").exists()


def test_an_expired_invitation_creates_nothing(client, link):
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    response = client.post(link, signup_data())

    assert response.status_code == 400
    assert "a expiré" in response.content.decode()
    assert not User.objects.filter(email__iexact="nouvelle@exemple.fr").exists()


def test_a_cancelled_invitation_creates_nothing(client, link):
    Invitation.objects.update(cancelled_at=timezone.now())

    response = client.post(link, signup_data())

    assert response.status_code == 400
    assert not User.objects.filter(email__iexact="nouvelle@exemple.fr").exists()


def test_a_forged_link_creates_nothing(client, link):
    response = client.post(f"/invitations/{secrets.token_urlsafe(32)}/", signup_data())

    assert response.status_code == 400
    assert "pas valide" in response.content.decode()
    assert not User.objects.filter(email__iexact="nouvelle@exemple.fr").exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_replaced_link_creates_nothing(client, member, link, django_capture_on_commit_callbacks):
    client.force_login(member.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/organisations/{member.organization.public_id}/invitations/", {"email": "nouvelle@exemple.fr"})
    client.logout()

    response = client.post(link, signup_data())

    assert response.status_code == 400
    assert not User.objects.filter(email__iexact="nouvelle@exemple.fr").exists()


def test_an_address_that_has_an_account_must_log_in_and_its_password_is_untouched(client, member, link):
    owner = UserFactory(email="nouvelle@exemple.fr")
    password_hash = owner.password

    response = client.post(link, signup_data())

    assert response.status_code == 200
    assert "connectez-vous pour accepter" in response.content.decode()
    owner.refresh_from_db()
    assert owner.password == password_hash
    assert not Membership.objects.filter(user=owner).exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_return_address_of_ours_is_followed_after_joining(client, link):
    response = client.post(link + "?next=/comptes/mon-compte/", signup_data())

    assert response.status_code == 302
    assert response["Location"] == "/comptes/mon-compte/"


@pytest.mark.parametrize(
    "hostile", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_a_foreign_return_address_is_ignored_after_joining(client, member, link, hostile):
    response = client.post(link, {**signup_data(), "next": hostile})

    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{member.organization.public_id}/"
