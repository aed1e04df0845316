"""Two relying parties log the same person in against the running provider."""

import pytest
import requests

from tests.oidc_client import Browser, RelyingParty

from .factories import ApplicationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

EMPLOIS_CB = "http://emplois.test/oidc/callback/"
MARCHE_CB = "http://marche.test/oidc/callback/"


@pytest.fixture
def clients(provider):
    ApplicationFactory(
        client_id="emplois",
        name="les emplois de l'inclusion",
        client_secret="secret-emplois-de-test",
        redirect_uris=EMPLOIS_CB,
        post_logout_redirect_uris="http://emplois.test/",
    )
    ApplicationFactory(
        client_id="marche",
        name="le Marché de l'inclusion",
        client_secret="secret-marche-de-test",
        redirect_uris=MARCHE_CB,
        post_logout_redirect_uris="http://marche.test/",
    )
    emplois = RelyingParty(provider, "emplois", "secret-emplois-de-test", EMPLOIS_CB)
    marche = RelyingParty(provider, "marche", "secret-marche-de-test", MARCHE_CB)
    return emplois, marche


def test_discovery_announces_the_endpoints_and_rs256(provider):
    metadata = requests.get(f"{provider}/.well-known/openid-configuration").json()

    assert metadata["issuer"] == provider
    assert "RS256" in metadata["id_token_signing_alg_values_supported"]
    for endpoint in (
        "authorization_endpoint",
        "token_endpoint",
        "userinfo_endpoint",
        "jwks_uri",
        "end_session_endpoint",
    ):
        assert metadata[endpoint].startswith(provider)
    assert "organizations" in metadata["claims_supported"]
    keys = requests.get(metadata["jwks_uri"]).json()["keys"]
    assert keys and all(key["kty"] == "RSA" and key["kid"] for key in keys)


def test_full_flow_then_single_sign_on_for_the_second_client(provider, clients):
    emplois, marche = clients
    user = UserFactory(email="claire@exemple.fr", first_name="Claire", last_name="Fontaine")
    membership = MembershipFactory(user=user, is_admin=True)
    browser = Browser(provider)

    # 1. les emplois: the person is asked to log in, once.
    login_page = browser.follow(emplois.authorization_url(), stop_at=EMPLOIS_CB)
    assert "Connexion au service « les emplois de l&#x27;inclusion » avec votre Compte inclusion" in login_page.text
    after_login = browser.login(login_page, "claire@exemple.fr")
    callback = browser.follow(after_login.headers["Location"], stop_at=EMPLOIS_CB).callback_url

    token = emplois.fetch_token(callback)
    claims = emplois.id_token_claims(token["id_token"])
    assert claims["sub"] == str(user.uuid)
    assert claims["email"] == "claire@exemple.fr" and claims["email_verified"] is True
    assert claims["given_name"] == "Claire" and claims["family_name"] == "Fontaine"

    userinfo = emplois.userinfo(token["access_token"]).json()
    assert userinfo["sub"] == str(user.uuid)
    assert userinfo["organizations"] == [
        {
            "id": str(membership.organization.public_id),
            "siret": membership.organization.siret,
            "name": membership.organization.name,
            "kind": "EI",
            "is_admin": True,
            "is_active": True,
            "verified": True,
        }
    ]

    # 2. Refresh: a new pair, and the old refresh token is spent.
    refreshed = emplois.refresh(token["refresh_token"])
    assert refreshed["refresh_token"] != token["refresh_token"]
    assert emplois.userinfo(refreshed["access_token"]).status_code == 200
    with pytest.raises(Exception, match="invalid_grant"):
        emplois.refresh(token["refresh_token"])

    # 3. le Marché in the same browser: no password asked, same sub.
    response = browser.follow(marche.authorization_url(), stop_at=MARCHE_CB)
    assert hasattr(response, "callback_url"), "the second client must not show a login page"
    marche_token = marche.fetch_token(response.callback_url)
    assert marche.id_token_claims(marche_token["id_token"])["sub"] == claims["sub"]

    # 4. RP-initiated logout ends the provider session and returns to the client.
    logout = browser.get(
        "/o/logout/",
        params={"id_token_hint": marche_token["id_token"], "post_logout_redirect_uri": "http://marche.test/"},
    )
    assert logout.status_code == 302 and logout.headers["Location"] == "http://marche.test/"
    again = browser.follow(emplois.authorization_url(), stop_at=EMPLOIS_CB)
    assert not hasattr(again, "callback_url")
    assert "/comptes/connexion/" in again.url


def test_logout_refuses_an_unregistered_post_logout_redirect(provider, clients):
    emplois, _ = clients
    UserFactory(email="claire@exemple.fr")
    browser = Browser(provider)
    login_page = browser.follow(emplois.authorization_url(), stop_at=EMPLOIS_CB)
    callback = browser.follow(
        browser.login(login_page, "claire@exemple.fr").headers["Location"], stop_at=EMPLOIS_CB
    ).callback_url
    token = emplois.fetch_token(callback)

    response = browser.get(
        "/o/logout/", params={"id_token_hint": token["id_token"], "post_logout_redirect_uri": "https://evil.example/"}
    )

    assert response.status_code == 400
    assert "Location" not in response.headers
