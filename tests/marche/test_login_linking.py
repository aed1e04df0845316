"""How a person from Compte inclusion becomes a local user of the Marché."""

import uuid

import pytest

from marche.users.models import User
from marche.users.services import LoginRefused, user_from_claims

pytestmark = pytest.mark.django_db


def claims(**extra):
    return {
        "sub": str(uuid.uuid4()),
        "email": "jeanne@exemple.fr",
        "email_verified": True,
        "given_name": "Jeanne",
        "family_name": "Martin",
        "organizations": [
            {"id": "o1", "siret": "90000001900019", "name": "Les Jardins", "kind": "EI", "is_admin": True}
        ],
        "linked_accounts": [],
        **extra,
    }


def test_first_login_creates_a_local_user_keyed_by_sub():
    data = claims()

    user = user_from_claims(data)

    assert user.sub == data["sub"]
    assert user.organizations[0]["siret"] == "90000001900019"


def test_next_login_finds_the_user_by_sub_and_refreshes_the_claims():
    data = claims()
    first = user_from_claims(data)

    again = user_from_claims(
        {**data, "email": "jeanne.martin@exemple.fr", "given_name": "Jeanne-Marie", "organizations": []}
    )

    assert again.pk == first.pk
    assert (again.email, again.first_name, again.organizations) == ("jeanne.martin@exemple.fr", "Jeanne-Marie", [])


def test_former_marche_user_is_linked_by_its_imported_origin_and_keeps_its_data():
    legacy = User.objects.create(username="ancien-42", legacy_id="42", email="ancienne@exemple.fr", is_staff=True)

    user = user_from_claims(
        claims(linked_accounts=[{"source": "marche", "id": "42"}, {"source": "emplois", "id": "9"}])
    )

    assert user.pk == legacy.pk
    assert user.is_staff


def test_former_user_is_linked_by_verified_email_when_no_origin_is_known():
    legacy = User.objects.create(username="ancien", email="JEANNE@exemple.fr")

    assert user_from_claims(claims()).pk == legacy.pk


def test_unverified_email_never_links_a_former_user():
    legacy = User.objects.create(username="ancien", email="jeanne@exemple.fr")

    user = user_from_claims(claims(email_verified=False))

    assert user.pk != legacy.pk


def test_a_user_linked_to_another_sub_is_never_taken_over_by_email():
    other = User.objects.create(username="x", sub="another-sub", email="jeanne@exemple.fr")

    user = user_from_claims(claims())

    assert user.pk != other.pk
    other.refresh_from_db()
    assert other.sub == "another-sub"


def test_a_former_account_already_linked_to_another_sub_is_refused():
    User.objects.create(username="x", sub="another-sub", legacy_id="42")

    with pytest.raises(LoginRefused, match="déjà relié"):
        user_from_claims(claims(linked_accounts=[{"source": "marche", "id": "42"}]))


def test_an_inactive_local_user_is_refused_with_a_message():
    data = claims()
    User.objects.create(username="x", sub=data["sub"], is_active=False)

    with pytest.raises(LoginRefused, match="désactivé"):
        user_from_claims(data)


def test_the_marche_has_no_password_login(client):
    response = client.post("/django-admin/login/", {"username": "a", "password": "b"})

    assert not response.wsgi_request.user.is_authenticated
