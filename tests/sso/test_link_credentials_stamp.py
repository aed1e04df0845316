"""Every link the accounts app sends by email stops working when the account's email or
password changed after it was sent (its credentials stamp no longer matches)."""

import pytest
from django.core import mail
from django.test import Client

from sso.accounts import services
from sso.accounts.models import User

from .conftest import link_in_last_mail
from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Nouveau-mot-de-passe-2026-bis"
STALE = "l&#x27;adresse e-mail ou le mot de passe du compte a changé depuis son envoi"


def change_password(user):
    user.set_password(NEW_PASSWORD)
    user.save()


def change_email(user):
    user.email = "autre-adresse@exemple.fr"
    user.save()


@pytest.mark.parametrize("change", [change_password, change_email], ids=["password", "email"])
def test_reset_link_dies_when_credentials_change_after_it_was_sent(client, change):
    user = UserFactory(email="yann@exemple.fr")
    client.post("/comptes/mot-de-passe-oublie/", {"email": "yann@exemple.fr"})
    link = link_in_last_mail("/comptes/mot-de-passe-oublie/")
    change(user)
    password_before = User.objects.get(pk=user.pk).password

    shown = client.get(link)
    posted = client.post(link, {"new_password1": "Piratage-du-compte-2026", "new_password2": "Piratage-du-compte-2026"})

    assert shown.status_code == posted.status_code == 400
    assert STALE in posted.content.decode()
    assert User.objects.get(pk=user.pk).password == password_before


@pytest.mark.parametrize("change", [change_password, change_email], ids=["password", "email"])
def test_verification_link_dies_when_credentials_change_after_it_was_sent(client, change):
    user = UserFactory(email="lea@exemple.fr", unverified=True)
    services.send_verification(user)
    link = link_in_last_mail("/comptes/verification/")
    change(user)

    response = client.get(link)

    assert response.status_code == 400
    assert STALE in response.content.decode()
    assert User.objects.get(pk=user.pk).email_verified_at is None


@pytest.mark.parametrize("change", [change_password, change_email], ids=["password", "email"])
def test_email_change_link_dies_when_credentials_change_after_it_was_sent(change):
    user = UserFactory(email="sam@exemple.fr")
    browser = Client()
    browser.force_login(user)
    browser.post(
        "/comptes/mon-compte/adresse-e-mail/",
        {"new_email": "sam.pirate@exemple.fr", "new_email_confirm": "sam.pirate@exemple.fr", "password": PASSWORD},
    )
    link = link_in_last_mail("/comptes/changement-d-adresse/")
    change(user)
    email_before = User.objects.get(pk=user.pk).email

    response = Client().get(link)

    assert response.status_code == 400
    assert STALE in response.content.decode()
    assert User.objects.get(pk=user.pk).email == email_before


def test_logging_out_everywhere_also_kills_links_sent_before(client):
    user = UserFactory(email="yann@exemple.fr")
    client.post("/comptes/mot-de-passe-oublie/", {"email": "yann@exemple.fr"})
    link = link_in_last_mail("/comptes/mot-de-passe-oublie/")

    services.end_all_access(user, reason="test")

    assert client.get(link).status_code == 400


def test_a_link_still_works_when_nothing_changed(client):
    UserFactory(email="yann@exemple.fr")
    client.post("/comptes/mot-de-passe-oublie/", {"email": "yann@exemple.fr"})
    mail_count = len(mail.outbox)

    response = client.get(link_in_last_mail("/comptes/mot-de-passe-oublie/"))

    assert response.status_code == 200
    assert len(mail.outbox) == mail_count
