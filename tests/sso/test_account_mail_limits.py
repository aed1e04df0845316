"""Sign-up, password reset and new verification links are limited per address and per IP
(no mail flooding), and answer identically whether or not an account exists."""

import re

import pytest
from django.core import mail
from django.test import Client

from sso.accounts.models import AccountToken, User

from .factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = "/comptes/mot-de-passe-oublie/"
SIGNUP = "/comptes/inscription/"
RESEND = "/comptes/inscription/renvoyer-le-lien/"
STRONG = "Un-mot-de-passe-solide-2026"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.ACCOUNT_MAILS_PER_ADDRESS = 3
    settings.ACCOUNT_MAILS_PER_IP = 5
    settings.ACCOUNT_MAIL_WINDOW_SECONDS = 3600
    settings.TRUSTED_PROXY_COUNT = 0


def signup_data(email):
    return {"email": email, "first_name": "Léa", "last_name": "Martin", "password": STRONG, "accept_terms": "on"}


def without_tokens(html: str) -> str:
    """The page minus what differs on every request (CSRF token)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_password_reset_is_limited_per_address_whatever_the_ip():
    UserFactory(email="yann@exemple.fr")
    for n in range(3):
        assert Client().post(RESET, {"email": "yann@exemple.fr"}, REMOTE_ADDR=f"10.0.0.{n}").status_code == 200

    response = Client().post(RESET, {"email": "YANN@exemple.fr"}, REMOTE_ADDR="10.0.0.99")

    assert response.status_code == 429
    assert "Trop de demandes d&#x27;envoi de courriel" in response.content.decode()
    assert 'value="YANN@exemple.fr"' in response.content.decode()  # what was typed is kept
    assert int(response["Retry-After"]) > 0
    assert len(mail.outbox) == 3
    assert AccountToken.objects.filter(used_at__isnull=True).count() == 1


def test_mails_are_limited_per_ip_across_addresses():
    for n in range(5):
        Client().post(RESET, {"email": f"cible{n}@exemple.fr"}, REMOTE_ADDR="203.0.113.9")

    refused = Client().post(RESET, {"email": "autre@exemple.fr"}, REMOTE_ADDR="203.0.113.9")
    allowed = Client().post(RESET, {"email": "autre@exemple.fr"}, REMOTE_ADDR="192.0.2.20")

    assert refused.status_code == 429
    assert allowed.status_code == 200
    assert len(mail.outbox) == 6


def test_sign_up_is_limited_per_address_and_creates_nothing_when_refused():
    for _ in range(3):
        Client().post(SIGNUP, signup_data("lea@exemple.fr"))
    user_before = User.objects.get(email="lea@exemple.fr")

    response = Client().post(SIGNUP, {**signup_data("lea@exemple.fr"), "first_name": "Autre"})

    assert response.status_code == 429
    assert 'value="Autre"' in response.content.decode()
    assert len(mail.outbox) == 3
    after = User.objects.get(email="lea@exemple.fr")
    assert (after.first_name, after.password) == (user_before.first_name, user_before.password)


def test_verification_resend_is_limited_per_address():
    UserFactory(email="lea@exemple.fr", unverified=True)
    for _ in range(3):
        assert Client().post(RESEND, {"email": "lea@exemple.fr"}).status_code == 302

    response = Client().post(RESEND, {"email": "lea@exemple.fr"})

    assert response.status_code == 429
    assert len(mail.outbox) == 3


def test_the_three_forms_share_the_per_address_limit():
    UserFactory(email="lea@exemple.fr", unverified=True)
    Client().post(SIGNUP, signup_data("lea@exemple.fr"))
    Client().post(RESET, {"email": "lea@exemple.fr"})
    Client().post(RESEND, {"email": "lea@exemple.fr"})

    assert Client().post(RESET, {"email": "lea@exemple.fr"}).status_code == 429
    assert len(mail.outbox) == 3


def test_password_reset_answers_identically_whether_or_not_the_account_exists():
    UserFactory(email="yann@exemple.fr")

    known = Client().post(RESET, {"email": "yann@exemple.fr"})
    unknown = Client().post(RESET, {"email": "zora@exemple.fr"})

    assert known.status_code == unknown.status_code == 200
    assert without_tokens(known.content.decode()).replace("yann@", "X@") == without_tokens(
        unknown.content.decode()
    ).replace("zora@", "X@")
    # One mail each: the same work on both paths.
    assert [m.to for m in mail.outbox] == [["yann@exemple.fr"], ["zora@exemple.fr"]]


def test_password_reset_answers_identically_for_a_deactivated_account():
    UserFactory(email="yann@exemple.fr", is_active=False)

    deactivated = Client().post(RESET, {"email": "yann@exemple.fr"})
    unknown = Client().post(RESET, {"email": "zora@exemple.fr"})

    assert deactivated.status_code == unknown.status_code == 200
    assert without_tokens(deactivated.content.decode()).replace("yann@", "X@") == without_tokens(
        unknown.content.decode()
    ).replace("zora@", "X@")
    assert not AccountToken.objects.exists()


@pytest.mark.parametrize("state", ["none", "unverified", "verified"])
def test_sign_up_answers_identically_whatever_the_address_state(state):
    if state != "none":
        UserFactory(email="lea@exemple.fr", unverified=state == "unverified")
    client = Client()

    response = client.post(SIGNUP, signup_data("lea@exemple.fr"))
    page = client.get(response["Location"])

    assert response.status_code == 302 and response["Location"] == "/comptes/inscription/verifiez-vos-courriels/"
    assert "Nous avons envoyé un lien de confirmation à <strong>lea@exemple.fr</strong>" in page.content.decode()
    assert [m.to for m in mail.outbox] == [["lea@exemple.fr"]]


@pytest.mark.parametrize("state", ["none", "unverified", "verified"])
def test_verification_resend_answers_identically_whatever_the_address_state(state):
    if state != "none":
        UserFactory(email="lea@exemple.fr", unverified=state == "unverified")
    client = Client()

    response = client.post(RESEND, {"email": "lea@exemple.fr"}, follow=True)

    assert response.redirect_chain == [("/comptes/inscription/verifiez-vos-courriels/", 302)]
    assert "Si un compte en attente de vérification existe pour cette adresse" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["lea@exemple.fr"]]
    assert ("/comptes/verification/" in mail.outbox[0].body) is (state == "unverified")


def test_login_of_an_unverified_account_sends_the_link_again_within_the_limit_only():
    UserFactory(email="lea@exemple.fr", unverified=True)
    for _ in range(3):
        Client().post("/comptes/connexion/", {"username": "lea@exemple.fr", "password": "Un-mot-de-passe-solide-42"})

    response = Client().post(
        "/comptes/connexion/", {"username": "lea@exemple.fr", "password": "Un-mot-de-passe-solide-42"}
    )

    assert response.status_code == 200
    assert "Plusieurs liens ont déjà été envoyés récemment à cette adresse" in response.content.decode()
    assert len(mail.outbox) == 3
