from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from sso.accounts.models import AccountToken

from .conftest import link_in_last_mail
from .factories import UserFactory

pytestmark = pytest.mark.django_db
NEW = "Nouveau-mot-de-passe-2026"


def test_password_reset_sets_a_new_password_and_ends_other_sessions(client):
    user = UserFactory(email="yann@exemple.fr")
    other_device = Client()
    other_device.force_login(user)

    client.post("/comptes/mot-de-passe-oublie/", {"email": "YANN@exemple.fr"})
    link = link_in_last_mail("/comptes/mot-de-passe-oublie/")
    response = client.post(link, {"new_password1": NEW, "new_password2": NEW})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert other_device.get("/comptes/mon-compte/").status_code == 302


def test_reset_link_works_only_once(client):
    UserFactory(email="yann@exemple.fr")
    client.post("/comptes/mot-de-passe-oublie/", {"email": "yann@exemple.fr"})
    link = link_in_last_mail("/comptes/mot-de-passe-oublie/")
    client.post(link, {"new_password1": NEW, "new_password2": NEW})

    reused = client.get(link)

    assert reused.status_code == 400
    assert "déjà été utilisé" in reused.content.decode()
    assert "Demander un nouveau lien" in reused.content.decode()


def test_expired_reset_link_is_refused(client):
    user = UserFactory(email="yann@exemple.fr")
    client.post("/comptes/mot-de-passe-oublie/", {"email": "yann@exemple.fr"})
    link = link_in_last_mail("/comptes/mot-de-passe-oublie/")
    AccountToken.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    response = client.post(link, {"new_password1": NEW, "new_password2": NEW})

    assert response.status_code == 400
    assert "a expiré" in response.content.decode()
    user.refresh_from_db()
    assert not user.check_password(NEW)


def test_reset_for_an_unknown_email_answers_the_same_and_tells_the_mailbox_there_is_no_account(client):
    response = client.post("/comptes/mot-de-passe-oublie/", {"email": "inconnu@exemple.fr"})

    assert response.status_code == 200
    assert "Si un compte existe" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["inconnu@exemple.fr"]]
    assert "aucun compte actif n'utilise cette adresse" in mail.outbox[0].body
    assert "/comptes/mot-de-passe-oublie/" not in mail.outbox[0].body
    assert not AccountToken.objects.exists()


def test_reset_refuses_a_weak_password_and_keeps_the_link_usable(client):
    UserFactory(email="yann@exemple.fr")
    client.post("/comptes/mot-de-passe-oublie/", {"email": "yann@exemple.fr"})
    link = link_in_last_mail("/comptes/mot-de-passe-oublie/")

    weak = client.post(link, {"new_password1": "azerty", "new_password2": "azerty"})

    assert weak.status_code == 200
    assert client.post(link, {"new_password1": NEW, "new_password2": NEW}).status_code == 302


def test_reset_verifies_an_unverified_email(client):
    user = UserFactory(email="yann@exemple.fr", unverified=True)
    client.post("/comptes/mot-de-passe-oublie/", {"email": "yann@exemple.fr"})

    client.post(link_in_last_mail("/comptes/mot-de-passe-oublie/"), {"new_password1": NEW, "new_password2": NEW})

    user.refresh_from_db()
    assert user.email_verified


def test_password_change_keeps_this_session_and_ends_the_others(client):
    from .factories import PASSWORD

    user = UserFactory()
    other_device = Client()
    other_device.force_login(user)
    client.force_login(user)

    response = client.post(
        "/comptes/mon-compte/mot-de-passe/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )

    assert response.status_code == 302
    assert client.get("/comptes/mon-compte/").status_code == 200
    assert other_device.get("/comptes/mon-compte/").status_code == 302
