"""Onboarding carries the person back where they started: the relying party's return
address (``next``) rides in every emailed link and through every sign-up step, checked
each time (our own paths, or a registered client's origin: never an open redirect)."""

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.core import mail
from hypothesis import given
from hypothesis import strategies as st

from sso.accounts.models import User
from sso.oidc.selectors import safe_return_url
from sso.organizations.models import Membership, Organization

from .factories import PASSWORD, ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

HOST = "testserver"
MARCHE = "http://marche.test"
AUTHORIZE = (
    "/o/authorize/?client_id=marche&response_type=code&redirect_uri=http%3A%2F%2Fmarche.test%2Foidc%2Fcallback%2F"
)
HOSTILE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "javascript:alert(1)",
    "http://marche.test@evil.example/",
    "https://marche.test/",  # another scheme than the registered one
    "http://marche.test:8080/",  # another port
    "http://evil.example/?marche.test",
    "/comptes/\nSet-Cookie:x",
    "data:text/html,<script>alert(1)</script>",
]


@pytest.fixture(autouse=True)
def marche_client(db):
    return ApplicationFactory(
        client_id="marche", redirect_uris=f"{MARCHE}/oidc/callback/", post_logout_redirect_uris=f"{MARCHE}/"
    )


def mailed_link(fragment: str) -> str:
    match = re.search(r"https?://[^/\s]+(\S*" + re.escape(fragment) + r"\S*)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def next_of(url: str) -> str | None:
    return (parse_qs(urlsplit(url).query).get("next") or [None])[0]


@pytest.mark.parametrize("url", ["/comptes/mon-compte/", AUTHORIZE, f"{MARCHE}/compte/actualiser/?next=/tableau/"])
def test_our_paths_and_registered_client_origins_are_safe(url):
    assert safe_return_url(url, host=HOST) == url


@pytest.mark.parametrize("url", HOSTILE)
def test_foreign_addresses_are_refused(url):
    assert safe_return_url(url, host=HOST) == ""


@given(url=st.text(max_size=80))
def test_whatever_is_typed_only_our_paths_or_registered_origins_come_back(url):
    answer = safe_return_url(url, host=HOST)

    if answer:
        parts = urlsplit(answer)
        assert answer == url
        if not parts.scheme and not parts.netloc:
            # One of our own paths: absolute, never protocol-relative.
            assert answer.startswith("/")
            assert not answer.startswith("//")
        else:
            # An absolute address: only at our own host or a registered client's origin.
            assert f"{parts.scheme}://{parts.netloc}" in {MARCHE, f"http://{HOST}", f"https://{HOST}"}


def test_sign_up_keeps_the_return_address_in_the_verification_link_and_lands_signed_in_there(client):
    client.post(
        "/comptes/inscription/",
        {
            "email": "lea@ville-demo.fr",
            "first_name": "Léa",
            "last_name": "Dupont",
            "password": PASSWORD,
            "accept_terms": "on",
            "next": AUTHORIZE,
        },
    )
    link = mailed_link("/comptes/verification/")
    assert next_of(link) == AUTHORIZE

    other_browser = client.__class__()
    response = other_browser.get(link)

    assert response.status_code == 302
    assert response["Location"] == AUTHORIZE
    assert User.objects.get(email="lea@ville-demo.fr").email_verified is True
    assert other_browser.get("/comptes/mon-compte/").status_code == 200


@pytest.mark.parametrize("hostile", HOSTILE[:5])
def test_a_hostile_return_address_never_reaches_the_mail_nor_the_redirect(client, hostile):
    client.post(
        "/comptes/inscription/",
        {
            "email": "lea@ville-demo.fr",
            "first_name": "Léa",
            "last_name": "Dupont",
            "password": PASSWORD,
            "accept_terms": "on",
            "next": hostile,
        },
    )
    link = mailed_link("/comptes/verification/")
    assert next_of(link) is None

    forged = client.__class__().get(f"{link}?next={quote(hostile)}")

    assert forged.status_code == 302
    assert forged["Location"] == "/comptes/mon-compte/"


def test_a_used_verification_link_signs_nobody_in(client):
    UserFactory(email="deja@ville-demo.fr", unverified=True)
    client.post("/comptes/inscription/renvoyer-le-lien/", {"email": "deja@ville-demo.fr"})
    link = mailed_link("/comptes/verification/")
    client.__class__().get(link)

    again = client.__class__()
    response = again.get(link)

    assert response.status_code == 400
    assert again.get("/comptes/mon-compte/").status_code == 302


def test_the_login_page_keeps_the_return_address_for_sign_up_and_password_reset(client):
    page = client.get("/comptes/connexion/", {"next": AUTHORIZE}).content.decode()

    assert f'href="/comptes/inscription/?next={quote(AUTHORIZE, safe="/")}"' in page
    assert f'href="/comptes/mot-de-passe-oublie/?next={quote(AUTHORIZE, safe="/")}"' in page


def test_password_reset_keeps_the_return_address_through_the_mail(client):
    UserFactory(email="paul@ville-demo.fr")
    client.post("/comptes/mot-de-passe-oublie/", {"email": "paul@ville-demo.fr", "next": AUTHORIZE})
    link = mailed_link("/comptes/mot-de-passe-oublie/")
    assert next_of(link) == AUTHORIZE

    response = client.post(
        link, {"new_password1": "Un-tout-nouveau-secret-88", "new_password2": "Un-tout-nouveau-secret-88"}
    )

    assert response.status_code == 302
    assert next_of(response["Location"]) == AUTHORIZE


def test_login_follows_a_registered_client_origin_and_refuses_others(client):
    UserFactory(email="paul@ville-demo.fr")
    target = f"{MARCHE}/compte/actualiser/?next=/"

    ok = client.post("/comptes/connexion/", {"username": "paul@ville-demo.fr", "password": PASSWORD, "next": target})
    assert ok["Location"] == target

    client.logout()
    refused = client.post(
        "/comptes/connexion/",
        {"username": "paul@ville-demo.fr", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert refused["Location"] == "/comptes/mon-compte/"


def test_buyer_organisation_sign_up_sends_the_person_back_to_the_relying_party(client):
    user = UserFactory(email="achats@ville-demo.fr")
    client.force_login(user)
    target = f"{MARCHE}/compte/actualiser/?next=/recherche/"

    client.get("/organisations/inscription/acheteur/", {"next": target})
    response = client.post(
        "/organisations/inscription/acheteur/",
        {"siret": "90000005000014", "name": "Ville de Démo", "website": "https://ville-demo.fr"},
    )

    assert response.status_code == 302
    assert response["Location"] == target
    assert Membership.objects.filter(user=user, organization__siret="90000005000014").exists()


def test_buyer_organisation_sign_up_ignores_a_foreign_return_address(client):
    client.force_login(UserFactory(email="achats@ville-demo.fr"))

    client.get("/organisations/inscription/acheteur/", {"next": "https://evil.example/"})
    response = client.post(
        "/organisations/inscription/acheteur/",
        {"siret": "90000005000014", "name": "Ville de Démo", "website": "https://ville-demo.fr"},
    )

    organization = Organization.objects.get(siret="90000005000014")
    assert response["Location"] == f"/organisations/{organization.public_id}/"
