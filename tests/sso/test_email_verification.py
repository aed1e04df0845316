from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from sso.accounts.models import AccountToken
from sso.accounts.services import sign_up

from .conftest import link_in_last_mail
from .factories import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_up():
    return sign_up(email="lea@exemple.fr", first_name="Léa", last_name="Dupont", password=PASSWORD).user


def test_verification_link_verifies_the_email_once(client):
    user = _sign_up()
    link = link_in_last_mail("/comptes/verification/")

    assert client.get(link).status_code == 302
    user.refresh_from_db()
    assert user.email_verified

    reused = client.get(link)
    assert reused.status_code == 400
    assert "déjà été utilisé" in reused.content.decode()


def test_expired_verification_link_is_refused_with_a_way_to_get_a_new_one(client):
    user = _sign_up()
    link = link_in_last_mail("/comptes/verification/")
    AccountToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.get(link)

    assert response.status_code == 400
    content = response.content.decode()
    assert "a expiré" in content
    assert "Recevoir un nouveau lien" in content
    user.refresh_from_db()
    assert not user.email_verified


def test_unknown_verification_link_is_refused(client):
    assert client.get("/comptes/verification/inconnu/").status_code == 400


def test_confirmation_page_sends_a_new_link_that_replaces_the_old_one(client):
    _sign_up()
    old_link = link_in_last_mail("/comptes/verification/")

    response = client.post("/comptes/inscription/renvoyer-le-lien/", {"email": "LEA@exemple.fr"})

    assert response.status_code == 302
    assert len(mail.outbox) == 2
    assert client.get(old_link).status_code == 400
    assert client.get(link_in_last_mail("/comptes/verification/")).status_code == 302


def test_asking_a_new_link_for_an_unknown_address_reveals_nothing_on_the_page(client):
    response = client.post("/comptes/inscription/renvoyer-le-lien/", {"email": "personne@exemple.fr"}, follow=True)

    assert response.status_code == 200
    assert "Si un compte en attente" in response.content.decode()
    # Only the mailbox learns that no account uses it (one mail on every path: same work).
    assert [m.to for m in mail.outbox] == [["personne@exemple.fr"]]
    assert "aucun compte actif n'utilise cette adresse" in mail.outbox[0].body
    assert "/comptes/verification/" not in mail.outbox[0].body
