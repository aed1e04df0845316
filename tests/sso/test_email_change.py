import pytest
from django.core import mail
from django.test import Client

from sso.accounts.models import User

from .conftest import link_in_last_mail
from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def ask(client, new, confirm=None, password=PASSWORD):
    return client.post(
        "/comptes/mon-compte/adresse-e-mail/",
        {"new_email": new, "new_email_confirm": confirm or new, "password": password},
    )


def test_email_change_is_confirmed_at_the_new_address_and_ends_sessions(client):
    user = UserFactory(email="ancienne@exemple.fr")
    other_device = Client()
    other_device.force_login(user)
    client.force_login(user)

    response = ask(client, "nouvelle@exemple.fr")

    assert response.status_code == 200
    assert mail.outbox[-1].to == ["nouvelle@exemple.fr"]
    user.refresh_from_db()
    assert user.email == "ancienne@exemple.fr"

    client.get(link_in_last_mail("/comptes/changement-d-adresse/"))

    user.refresh_from_db()
    assert user.email == "nouvelle@exemple.fr"
    assert mail.outbox[-1].to == ["ancienne@exemple.fr"]
    assert client.get("/comptes/mon-compte/").status_code == 302
    assert other_device.get("/comptes/mon-compte/").status_code == 302
    assert (
        Client().post("/comptes/connexion/", {"username": "nouvelle@exemple.fr", "password": PASSWORD}).status_code
        == 302
    )
    assert (
        Client().post("/comptes/connexion/", {"username": "ancienne@exemple.fr", "password": PASSWORD}).status_code
        == 200
    )


def test_email_change_catches_a_typing_mistake(client):
    client.force_login(UserFactory())

    response = ask(client, "nouvelle@exemple.fr", confirm="nouvele@exemple.fr")

    assert response.status_code == 200
    assert "ne sont pas identiques" in response.content.decode()
    assert 'value="nouvelle@exemple.fr"' in response.content.decode()
    assert mail.outbox == []


def test_email_change_needs_the_current_password(client):
    client.force_login(UserFactory())

    response = ask(client, "nouvelle@exemple.fr", password="faux")

    assert "incorrect" in response.content.decode()
    assert mail.outbox == []


def test_email_change_to_a_taken_address_reveals_nothing_and_changes_nothing(client):
    UserFactory(email="prise@exemple.fr")
    user = UserFactory(email="moi@exemple.fr")
    client.force_login(user)

    response = ask(client, "PRISE@exemple.fr")

    assert response.status_code == 200
    assert "Nous avons envoyé un lien" in response.content.decode()
    assert mail.outbox[-1].to == ["prise@exemple.fr"]
    assert "/comptes/changement-d-adresse/" not in mail.outbox[-1].body
    assert User.objects.filter(email="moi@exemple.fr").exists()


def test_email_change_link_works_once(client):
    user = UserFactory()
    client.force_login(user)
    ask(client, "nouvelle@exemple.fr")
    link = link_in_last_mail("/comptes/changement-d-adresse/")
    client.get(link)

    assert Client().get(link).status_code == 400
