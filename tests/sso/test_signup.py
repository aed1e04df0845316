import pytest
from django.core import mail

from sso.accounts.models import User

from .conftest import link_in_last_mail
from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

FORM = {
    "email": "Camille.Martin@Exemple.fr",
    "first_name": "Camille",
    "last_name": "Martin",
    "password": PASSWORD,
    "accept_terms": "on",
}


def test_signup_creates_an_account_that_waits_for_email_verification(client):
    response = client.post("/comptes/inscription/", FORM)

    assert response.status_code == 302
    user = User.objects.get(email__iexact="camille.martin@exemple.fr")
    assert not user.email_verified
    assert user.password.startswith("argon2") or user.password.startswith("md5")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject.startswith("Confirmez votre adresse e-mail")
    assert "/comptes/verification/" in message.body
    assert message.alternatives and message.alternatives[0][1] == "text/html"


def test_passwords_are_hashed_with_argon2(settings, client):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]

    client.post("/comptes/inscription/", FORM)

    assert User.objects.get().password.startswith("argon2")


def test_signup_again_with_an_unverified_email_resends_the_link(client):
    client.post("/comptes/inscription/", FORM)
    first_link = link_in_last_mail("/comptes/verification/")

    response = client.post("/comptes/inscription/", {**FORM, "email": "camille.martin@exemple.fr"})

    assert response.status_code == 302
    assert User.objects.count() == 1
    assert len(mail.outbox) == 2
    assert link_in_last_mail("/comptes/verification/") != first_link
    # The newest link works, the replaced one does not.
    assert client.get(first_link).status_code == 400
    assert client.get(link_in_last_mail("/comptes/verification/")).status_code == 302


def test_signup_with_a_verified_email_changes_nothing_and_reveals_nothing(client):
    owner = UserFactory(email="camille.martin@exemple.fr")
    old_hash = owner.password

    response = client.post("/comptes/inscription/", FORM, follow=True)

    owner.refresh_from_db()
    assert owner.password == old_hash
    assert "Confirmez votre adresse e-mail" in response.content.decode()
    assert mail.outbox[-1].to == [owner.email]
    assert "déjà un compte" in mail.outbox[-1].subject


def test_email_is_unique_whatever_its_case(db):
    from django.db import IntegrityError

    UserFactory(email="a.b@exemple.fr")
    with pytest.raises(IntegrityError):
        UserFactory(email="A.B@EXEMPLE.FR")


def test_signup_refuses_a_weak_password_and_keeps_what_was_typed(client):
    response = client.post("/comptes/inscription/", {**FORM, "password": "12345678"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Camille.Martin@Exemple.fr" in content
    assert 'value="Martin"' in content
    assert "fr-input-group--error" in content
    assert not User.objects.exists()


def test_signup_requires_accepting_the_terms(client):
    response = client.post("/comptes/inscription/", {k: v for k, v in FORM.items() if k != "accept_terms"})

    assert response.status_code == 200
    assert "conditions générales" in response.content.decode()
    assert not User.objects.exists()
