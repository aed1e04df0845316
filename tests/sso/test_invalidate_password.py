"""Staff action « Invalider le mot de passe »: no password works, all access ends, and the
next login attempt tells the person to choose a new password, with the link."""

import pytest
from django.test import Client

from sso.accounts.models import User
from tests.oidc_client import PASSWORD, Browser, RelyingParty

from .conftest import link_in_last_mail
from .factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

CB = "http://rp.test/callback/"
NEW_PASSWORD = "Un-tout-nouveau-mot-de-passe-31"


@pytest.fixture
def rp(provider):
    ApplicationFactory(client_id="rp", client_secret="secret-rp-de-test", redirect_uris=CB)
    return RelyingParty(provider, "rp", "secret-rp-de-test", CB)


def invalidate(user):
    staff = Client()
    staff.force_login(UserFactory(email="support@exemple.fr", is_staff=True, is_superuser=True))
    return staff.post(
        "/admin/accounts/user/", {"action": "invalidate_password", "_selected_action": [user.pk]}, follow=True
    )


def test_invalidated_password_ends_all_access_and_no_password_works(provider, rp):
    user = UserFactory(email="ines@exemple.fr")
    tokens = rp.sign_in(Browser(provider), "ines@exemple.fr")
    device = Client()
    device.force_login(user)

    response = invalidate(user)

    assert "mot(s) de passe invalidé(s)" in response.content.decode()
    user.refresh_from_db()
    assert user.has_usable_password() is False
    assert user.check_password(PASSWORD) is False
    assert rp.refresh_response(tokens["refresh_token"]).json()["error"] == "invalid_grant"
    assert rp.userinfo(tokens["access_token"]).status_code == 401
    assert device.get("/comptes/mon-compte/").status_code == 302


def test_login_after_invalidation_says_to_reset_with_the_link_then_the_reset_works(provider, rp):
    user = UserFactory(email="ines@exemple.fr")
    invalidate(user)
    client = Client()

    response = client.post("/comptes/connexion/", {"username": "Ines@exemple.fr", "password": PASSWORD})

    content = response.content.decode()
    assert response.status_code == 200
    assert "le mot de passe de ce compte a été désactivé par l&#x27;équipe support" in content
    assert 'href="/comptes/mot-de-passe-oublie/?email=Ines%40exemple.fr"' in content
    assert client.get("/comptes/mon-compte/").status_code == 302

    # The way forward works: reset, then log in with the new password.
    client.post("/comptes/mot-de-passe-oublie/", {"email": "ines@exemple.fr"})
    client.post(
        link_in_last_mail("/comptes/mot-de-passe-oublie/"),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    login = client.post("/comptes/connexion/", {"username": "ines@exemple.fr", "password": NEW_PASSWORD})
    assert login.status_code == 302
    assert client.get("/comptes/mon-compte/").status_code == 200


def test_an_ordinary_wrong_password_does_not_mention_invalidation(provider):
    UserFactory(email="ines@exemple.fr")

    response = Client().post("/comptes/connexion/", {"username": "ines@exemple.fr", "password": "mauvais"})

    assert "désactivé par l&#x27;équipe support" not in response.content.decode()
    assert "Adresse e-mail ou mot de passe incorrect" in response.content.decode()


def test_a_non_staff_account_cannot_invalidate_a_password(provider):
    victim = UserFactory(email="ines@exemple.fr")
    attacker = Client()
    attacker.force_login(UserFactory(email="mallory@exemple.fr"))

    response = attacker.post(
        "/admin/accounts/user/", {"action": "invalidate_password", "_selected_action": [victim.pk]}
    )

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert User.objects.get(pk=victim.pk).check_password(PASSWORD) is True
