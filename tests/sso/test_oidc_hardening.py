"""OIDC hardening, each rule against the running provider with a real client (authlib)."""

import re
import secrets
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.conf import settings as django_settings
from django.contrib.sessions.backends.db import SessionStore
from jwcrypto import jwk, jwt

from sso.accounts.services import end_all_access
from sso.oidc.keys import generate_private_key_pem
from tests.oidc_client import Browser, RelyingParty

from .factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

CB = "http://rp.test/callback/"
OTHER_CB = "http://other.test/callback/"


@pytest.fixture
def rp(provider):
    ApplicationFactory(
        client_id="rp", client_secret="secret-rp-de-test", redirect_uris=CB, post_logout_redirect_uris="http://rp.test/"
    )
    return RelyingParty(provider, "rp", "secret-rp-de-test", CB)


@pytest.fixture
def other_rp(provider):
    ApplicationFactory(client_id="other", client_secret="secret-other-de-test", redirect_uris=OTHER_CB)
    return RelyingParty(provider, "other", "secret-other-de-test", OTHER_CB)


@pytest.fixture
def zoe(db):
    return UserFactory(email="zoe@exemple.fr")


def is_logged_in(browser: Browser) -> bool:
    return browser.get("/comptes/mon-compte/").status_code == 200


def signed_id_token(pem: str, **claims) -> str:
    key = jwk.JWK.from_pem(pem.encode())
    now = int(time.time())
    token = jwt.JWT(
        header={"alg": "RS256", "kid": key.thumbprint()},
        claims={"iat": now, "exp": now + 300, "jti": secrets.token_hex(8), **claims},
    )
    token.make_signed_token(key)
    return token.serialize()


# --- introspection -------------------------------------------------------------------


def test_a_confidential_client_may_introspect_only_its_own_tokens(provider, rp, other_rp, zoe):
    token = rp.sign_in(Browser(provider), "zoe@exemple.fr")
    endpoint = f"{provider}/o/introspect/"

    own = requests.post(endpoint, data={"token": token["access_token"]}, auth=("rp", "secret-rp-de-test"))
    foreign = requests.post(endpoint, data={"token": token["access_token"]}, auth=("other", "secret-other-de-test"))

    assert own.status_code == 200
    assert own.json()["active"] is True and own.json()["client_id"] == "rp"
    assert own.json()["sub"] == str(zoe.uuid)
    assert foreign.status_code == 200
    assert foreign.json() == {"active": False}


def test_introspection_refuses_wrong_secrets_bearer_tokens_and_public_clients(provider, rp, zoe):
    ApplicationFactory(client_id="public", client_type="public", client_secret="", redirect_uris=CB)
    token = rp.sign_in(Browser(provider), "zoe@exemple.fr")
    endpoint = f"{provider}/o/introspect/"

    wrong_secret = requests.post(endpoint, data={"token": token["access_token"]}, auth=("rp", "mauvais"))
    bearer = requests.post(
        endpoint, data={"token": token["access_token"]}, headers={"Authorization": f"Bearer {token['access_token']}"}
    )
    public = requests.post(endpoint, data={"token": token["access_token"], "client_id": "public"})
    in_url = requests.get(endpoint, params={"token": token["access_token"]}, auth=("rp", "secret-rp-de-test"))

    assert [wrong_secret.status_code, bearer.status_code, public.status_code] == [401, 401, 401]
    assert all("active" not in r.json() for r in (wrong_secret, bearer, public))
    assert in_url.status_code == 405


# --- access tokens only in the Authorization header ----------------------------------


def test_access_token_in_a_query_string_or_body_is_refused_on_userinfo(provider, rp, zoe):
    access = rp.sign_in(Browser(provider), "zoe@exemple.fr")["access_token"]
    userinfo = rp.metadata["userinfo_endpoint"]

    in_query = requests.get(userinfo, params={"access_token": access})
    in_body = requests.post(userinfo, data={"access_token": access})
    in_header = rp.userinfo(access)

    assert in_query.status_code == 401
    assert in_body.status_code == 401
    assert "sub" not in in_query.text and "sub" not in in_body.text
    assert in_header.status_code == 200 and in_header.json()["sub"] == str(zoe.uuid)


# --- grants ----------------------------------------------------------------------------


def test_discovery_advertises_only_the_enabled_grants_and_the_iss_parameter(provider):
    oidc = requests.get(f"{provider}/.well-known/openid-configuration").json()
    oauth = requests.get(f"{provider}/o/.well-known/oauth-authorization-server").json()

    assert oidc["grant_types_supported"] == ["authorization_code", "refresh_token", "client_credentials"]
    assert oidc["response_types_supported"] == ["code"]
    assert oidc["authorization_response_iss_parameter_supported"] is True
    assert oauth["grant_types_supported"] == ["authorization_code", "refresh_token", "client_credentials"]
    assert oauth["response_types_supported"] == ["code"]


def test_password_grant_is_refused_even_for_a_client_registered_for_it(provider, zoe):
    ApplicationFactory(client_id="legacy", client_secret="secret-legacy", authorization_grant_type="password")

    response = requests.post(
        f"{provider}/o/token/",
        data={"grant_type": "password", "username": "zoe@exemple.fr", "password": "Un-mot-de-passe-solide-42"},
        auth=("legacy", "secret-legacy"),
    )

    assert (response.status_code, response.json()) == (400, {"error": "unauthorized_client"})


def test_implicit_flow_is_refused_even_for_a_client_registered_for_it(provider, rp, zoe):
    ApplicationFactory(
        client_id="implicit",
        client_secret="",
        client_type="public",
        authorization_grant_type="implicit",
        redirect_uris=CB,
    )
    browser = Browser(provider)
    rp.sign_in(browser, "zoe@exemple.fr")
    implicit = RelyingParty(provider, "implicit", None, CB)

    response = browser.get(implicit.authorization_url().replace("response_type=code", "response_type=token"))

    location = response.headers["Location"]
    assert response.status_code == 302 and location.startswith(CB)
    assert "access_token" not in location
    query = parse_qs(urlsplit(location).query)
    assert query["error"] == ["unauthorized_client"]
    assert query["iss"] == [provider]


def test_client_credentials_only_for_clients_registered_for_it(provider, rp):
    ApplicationFactory(
        client_id="annuaire",
        client_secret="secret-annuaire",
        authorization_grant_type="client-credentials",
        redirect_uris="",
    )

    directory = requests.post(
        f"{provider}/o/token/", data={"grant_type": "client_credentials"}, auth=("annuaire", "secret-annuaire")
    )
    code_client = requests.post(
        f"{provider}/o/token/", data={"grant_type": "client_credentials"}, auth=("rp", "secret-rp-de-test")
    )

    assert directory.status_code == 200 and directory.json()["access_token"]
    assert code_client.status_code == 400
    assert code_client.json()["error"] == "unauthorized_client"


# --- iss in the authorization response (RFC 9207) --------------------------------------


def test_authorization_response_carries_the_issuer(provider, rp, zoe):
    browser = Browser(provider)
    login_page = browser.follow(rp.authorization_url(), stop_at=CB)
    callback = browser.follow(browser.login(login_page, "zoe@exemple.fr").headers["Location"], stop_at=CB).callback_url

    query = parse_qs(urlsplit(callback).query)
    assert query["iss"] == [provider]
    assert query["code"]


def test_a_silent_login_error_also_carries_the_issuer(provider, rp):
    response = Browser(provider).get(rp.authorization_url(prompt="none"))

    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query["error"] == ["login_required"]
    assert query["iss"] == [provider]


# --- fresh password: prompt=login and max_age ------------------------------------------


def test_prompt_login_asks_for_the_password_even_when_logged_in(provider, rp, zoe):
    browser = Browser(provider)
    rp.sign_in(browser, "zoe@exemple.fr")
    assert is_logged_in(browser)

    page = browser.follow(rp.authorization_url(prompt="login"), stop_at=CB)

    assert not hasattr(page, "callback_url")
    assert "/comptes/connexion/" in page.url
    # The session ended: going back to the authorization without prompt does not skip the password.
    assert not is_logged_in(browser)
    callback = browser.follow(browser.login(page, "zoe@exemple.fr").headers["Location"], stop_at=CB).callback_url
    assert rp.fetch_token(callback)["access_token"]


def set_auth_time(browser: Browser, seconds_ago: int) -> None:
    session = SessionStore(session_key=browser.session.cookies[django_settings.SESSION_COOKIE_NAME])
    session["auth_time"] = int(time.time()) - seconds_ago
    session.save()


def test_max_age_older_than_the_last_password_entry_asks_for_the_password(provider, rp, zoe):
    browser = Browser(provider)
    rp.sign_in(browser, "zoe@exemple.fr")
    set_auth_time(browser, 3600)

    recent_enough = browser.follow(rp.authorization_url(max_age="7200"), stop_at=CB)
    too_old = browser.follow(rp.authorization_url(max_age="600"), stop_at=CB)

    assert hasattr(recent_enough, "callback_url")
    assert not hasattr(too_old, "callback_url")
    assert "/comptes/connexion/" in too_old.url
    callback = browser.follow(browser.login(too_old, "zoe@exemple.fr").headers["Location"], stop_at=CB).callback_url
    claims = rp.id_token_claims(rp.fetch_token(callback)["id_token"])
    assert int(time.time()) - claims["auth_time"] < 600


def test_a_forged_prompt_login_link_with_an_unknown_client_logs_nobody_out(provider, rp, zoe):
    browser = Browser(provider)
    rp.sign_in(browser, "zoe@exemple.fr")

    response = browser.get("/o/authorize/?client_id=inconnu&response_type=code&prompt=login&scope=openid")

    assert response.status_code == 400
    assert is_logged_in(browser)


# --- redirect_uri ------------------------------------------------------------------------


def test_a_request_without_redirect_uri_is_refused_when_the_client_has_several(provider, zoe):
    ApplicationFactory(client_id="multi", client_secret="secret-multi", redirect_uris=f"{CB} {OTHER_CB}")
    rp = RelyingParty(provider, "multi", "secret-multi", CB)
    browser = Browser(provider)
    rp.sign_in(browser, "zoe@exemple.fr")
    url = re.sub(r"&redirect_uri=[^&]+", "", rp.authorization_url())
    assert "redirect_uri" not in url

    response = browser.get(url)

    assert response.status_code == 400
    assert "Location" not in response.headers


def test_a_request_without_redirect_uri_uses_the_only_registered_one(provider, rp, zoe):
    browser = Browser(provider)
    rp.sign_in(browser, "zoe@exemple.fr")
    url = re.sub(r"&redirect_uri=[^&]+", "", rp.authorization_url())

    response = browser.get(url)

    assert response.status_code == 302 and response.headers["Location"].startswith(CB + "?code=")


# --- RP-initiated logout always ends the session -------------------------------------------


def test_logout_with_the_hint_of_a_revoked_grant_still_ends_the_session(provider, rp, zoe):
    browser = Browser(provider)
    id_token = rp.sign_in(browser, "zoe@exemple.fr")["id_token"]
    end_all_access(zoe, reason="test")  # revokes the grant and deletes the ID token row
    browser = Browser(provider)
    rp.sign_in(browser, "zoe@exemple.fr")

    response = browser.get(
        "/o/logout/", params={"id_token_hint": id_token, "post_logout_redirect_uri": "http://rp.test/"}
    )

    assert response.status_code == 302 and response.headers["Location"] == "http://rp.test/"
    assert not is_logged_in(browser)


def test_logout_with_an_expired_hint_signed_by_a_previous_key_still_ends_the_session(provider, settings, rp, zoe):
    previous = generate_private_key_pem()
    settings.OAUTH2_PROVIDER = {**settings.OAUTH2_PROVIDER, "OIDC_RSA_PRIVATE_KEYS_INACTIVE": [previous]}
    expired = signed_id_token(previous, iss=provider, aud="rp", sub=str(zoe.uuid), exp=int(time.time()) - 3600)
    browser = Browser(provider)
    rp.sign_in(browser, "zoe@exemple.fr")

    response = browser.get(
        "/o/logout/", params={"id_token_hint": expired, "post_logout_redirect_uri": "http://rp.test/"}
    )

    assert response.status_code == 302 and response.headers["Location"] == "http://rp.test/"
    assert not is_logged_in(browser)


def test_logout_with_an_unverifiable_hint_offers_a_french_confirmation_then_logs_out(provider, rp, zoe):
    forged = signed_id_token(generate_private_key_pem(), iss=provider, aud="rp", sub=str(zoe.uuid))
    browser = Browser(provider)
    rp.sign_in(browser, "zoe@exemple.fr")

    page = browser.get("/o/logout/", params={"id_token_hint": forged, "post_logout_redirect_uri": "http://rp.test/"})

    assert page.status_code == 200
    assert "Se déconnecter de Compte inclusion ?" in page.text
    assert "vous ne serez pas renvoyé(e) vers lui" in page.text
    assert is_logged_in(browser)  # nothing happens without the person's click
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    confirmed = browser.session.post(
        f"{provider}/o/logout/",
        data={"csrfmiddlewaretoken": csrf, "allow": "Logout"},
        headers={"Referer": page.url},
        allow_redirects=False,
    )
    assert confirmed.status_code == 302
    assert not confirmed.headers["Location"].startswith("http://rp.test/")
    assert not is_logged_in(browser)


def test_logout_with_the_hint_of_another_issuer_is_not_trusted(provider, rp, zoe):
    other_issuer = signed_id_token(
        django_settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"],
        iss="https://ailleurs.example",
        aud="rp",
        sub=str(zoe.uuid),
    )
    browser = Browser(provider)
    rp.sign_in(browser, "zoe@exemple.fr")

    page = browser.get(
        "/o/logout/", params={"id_token_hint": other_issuer, "post_logout_redirect_uri": "http://rp.test/"}
    )

    assert page.status_code == 200
    assert "Location" not in page.headers
    assert "Me déconnecter" in page.text
    assert is_logged_in(browser)


def test_logout_with_a_garbage_hint_when_logged_out_says_there_is_nothing_to_do(provider, rp):
    page = Browser(provider).get("/o/logout/", params={"id_token_hint": "pas-un-jeton"})

    assert page.status_code == 200
    assert "Vous n'êtes pas connecté(e) à Compte inclusion" in page.text
