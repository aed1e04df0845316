from urllib.parse import urlencode

import pytest
from django.core import mail

from .factories import PASSWORD, ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_login_accepts_the_email_in_any_case(client):
    UserFactory(email="nadia@exemple.fr")

    response = client.post("/comptes/connexion/", {"username": "NADIA@Exemple.FR", "password": PASSWORD})

    assert response.status_code == 302
    assert client.get("/comptes/mon-compte/").status_code == 200


def test_unverified_email_cannot_log_in_and_receives_a_new_link(client):
    UserFactory(email="nadia@exemple.fr", unverified=True)

    response = client.post("/comptes/connexion/", {"username": "nadia@exemple.fr", "password": PASSWORD})

    assert response.status_code == 200
    assert "pas encore vérifiée" in response.content.decode()
    assert "/comptes/verification/" in mail.outbox[-1].body
    assert client.get("/comptes/mon-compte/").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_answer(client):
    UserFactory(email="nadia@exemple.fr")

    wrong_password = client.post(
        "/comptes/connexion/", {"username": "nadia@exemple.fr", "password": "faux-mot-de-passe"}
    )
    unknown = client.post("/comptes/connexion/", {"username": "inconnu@exemple.fr", "password": "faux-mot-de-passe"})

    assert wrong_password.status_code == unknown.status_code == 200
    message = "Adresse e-mail ou mot de passe incorrect"
    assert message in wrong_password.content.decode()
    assert message in unknown.content.decode()


def test_wrong_password_on_unverified_account_does_not_reveal_it(client):
    UserFactory(email="nadia@exemple.fr", unverified=True)

    response = client.post("/comptes/connexion/", {"username": "nadia@exemple.fr", "password": "faux-mot-de-passe"})

    assert "pas encore vérifiée" not in response.content.decode()
    assert mail.outbox == []


def test_login_page_names_the_service_that_asked_and_prefills_the_login_hint(client):
    ApplicationFactory(client_id="emplois", name="les emplois de l'inclusion")
    authorize = "/o/authorize/?" + urlencode({"client_id": "emplois", "login_hint": "nadia@exemple.fr"})

    response = client.get("/comptes/connexion/?" + urlencode({"next": authorize}))

    content = response.content.decode()
    assert "Connexion au service « les emplois de l&#x27;inclusion » avec votre Compte inclusion" in content
    assert 'value="nadia@exemple.fr"' in content


def test_login_ignores_a_next_url_on_another_site(client):
    UserFactory(email="nadia@exemple.fr")

    response = client.post(
        "/comptes/connexion/", {"username": "nadia@exemple.fr", "password": PASSWORD, "next": "https://evil.example/"}
    )

    assert response["Location"] == "/comptes/mon-compte/"


def test_logout_ends_the_session(client):
    client.force_login(UserFactory())

    client.post("/comptes/deconnexion/")

    assert client.get("/comptes/mon-compte/").status_code == 302
