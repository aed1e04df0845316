"""What the provider refuses, each against the running server with a real client."""

import base64
import json
from datetime import timedelta

import pytest
import requests
from django.utils import timezone
from joserfc.errors import BadSignatureError
from oauth2_provider.models import Grant

from tests.oidc_client import Browser, RelyingParty

from .factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

CB = "http://rp.test/callback/"
OTHER_CB = "http://other.test/callback/"


@pytest.fixture
def rp(provider):
    ApplicationFactory(client_id="rp", client_secret="secret-rp-de-test", redirect_uris=CB)
    UserFactory(email="zoe@exemple.fr")
    return RelyingParty(provider, "rp", "secret-rp-de-test", CB)


@pytest.fixture
def other_rp(provider):
    ApplicationFactory(client_id="other", client_secret="secret-other-de-test", redirect_uris=OTHER_CB)
    return RelyingParty(provider, "other", "secret-other-de-test", OTHER_CB)


def logged_in_callback(provider, rp, **extra) -> str:
    browser = Browser(provider)
    login_page = browser.follow(rp.authorization_url(**extra), stop_at=rp.redirect_uri)
    return browser.follow(
        browser.login(login_page, "zoe@exemple.fr").headers["Location"], stop_at=rp.redirect_uri
    ).callback_url


def token_request(rp, **data):
    return requests.post(
        rp.metadata["token_endpoint"],
        data={"client_id": rp.client_id, "client_secret": rp.client_secret, "redirect_uri": rp.redirect_uri, **data},
    )


def logged_in_browser(provider, rp) -> Browser:
    browser = Browser(provider)
    login_page = browser.follow(rp.authorization_url(), stop_at=rp.redirect_uri)
    browser.login(login_page, "zoe@exemple.fr")
    return browser


def test_unregistered_redirect_uri_is_refused_without_redirecting(provider, rp):
    browser = logged_in_browser(provider, rp)
    rp.oauth.redirect_uri = "http://evil.test/callback/"

    response = browser.get(rp.authorization_url())

    assert response.status_code == 400
    assert "Location" not in response.headers


def test_redirect_uri_must_match_exactly(provider, rp):
    browser = logged_in_browser(provider, rp)
    rp.oauth.redirect_uri = CB + "extra/"

    assert browser.get(rp.authorization_url()).status_code == 400


def test_token_request_without_the_pkce_verifier_is_refused(provider, rp):
    callback = logged_in_callback(provider, rp)

    with pytest.raises(Exception, match="invalid_grant|invalid_request"):
        rp.fetch_token(callback, code_verifier=None)


def test_token_request_with_a_wrong_pkce_verifier_is_refused(provider, rp):
    callback = logged_in_callback(provider, rp)

    with pytest.raises(Exception, match="invalid_grant"):
        rp.fetch_token(callback, code_verifier="x" * 50)


def test_plain_pkce_method_is_refused(provider, rp):
    browser = logged_in_browser(provider, rp)
    url = (
        f"{rp.metadata['authorization_endpoint']}?response_type=code&client_id=rp&redirect_uri={CB}"
        f"&scope=openid&state=s&code_challenge={'a' * 50}&code_challenge_method=plain"
    )

    response = browser.follow(url, stop_at=CB)

    assert "error=invalid_request" in response.callback_url
    assert not Grant.objects.exists()


def test_public_client_must_use_pkce(provider):
    ApplicationFactory(client_id="spa", client_type="public", client_secret="", redirect_uris=CB)
    UserFactory(email="zoe@exemple.fr")
    metadata = requests.get(f"{provider}/.well-known/openid-configuration").json()
    browser = Browser(provider)
    url = (
        f"{metadata['authorization_endpoint']}?response_type=code&client_id=spa&redirect_uri={CB}&scope=openid&state=s"
    )
    login_page = browser.follow(url, stop_at=CB)
    response = browser.follow(browser.login(login_page, "zoe@exemple.fr").headers["Location"], stop_at=CB)

    assert "error=invalid_request" in response.callback_url


def test_a_code_works_only_once(provider, rp):
    callback = logged_in_callback(provider, rp)
    code = callback.split("code=")[1].split("&")[0]
    first = token_request(rp, grant_type="authorization_code", code=code, code_verifier=rp.verifier)
    assert first.status_code == 200

    reused = token_request(rp, grant_type="authorization_code", code=code, code_verifier=rp.verifier)

    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"


def test_an_expired_code_is_refused(provider, rp):
    callback = logged_in_callback(provider, rp)
    Grant.objects.update(expires=timezone.now() - timedelta(seconds=1))

    with pytest.raises(Exception, match="invalid_grant"):
        rp.fetch_token(callback)


def test_a_code_issued_to_client_a_cannot_be_redeemed_by_client_b(provider, rp, other_rp):
    callback = logged_in_callback(provider, rp)
    code = callback.split("code=")[1].split("&")[0]

    response = token_request(other_rp, grant_type="authorization_code", code=code, code_verifier=rp.verifier)

    assert response.status_code == 400


def test_a_refresh_token_of_client_a_cannot_be_used_by_client_b(provider, rp, other_rp):
    token = rp.fetch_token(logged_in_callback(provider, rp))

    response = token_request(other_rp, grant_type="refresh_token", refresh_token=token["refresh_token"])

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_introspection_is_for_confidential_clients_and_sees_tokens(provider, rp):
    token = rp.fetch_token(logged_in_callback(provider, rp))
    endpoint = f"{provider}/o/introspect/"

    anonymous = requests.post(endpoint, data={"token": token["access_token"]})
    authenticated = requests.post(endpoint, data={"token": token["access_token"]}, auth=("rp", "secret-rp-de-test"))

    assert anonymous.status_code == 401
    assert authenticated.status_code == 200 and authenticated.json()["active"] is True


def test_revoked_access_token_no_longer_reads_userinfo(provider, rp):
    token = rp.fetch_token(logged_in_callback(provider, rp))

    revoke = requests.post(
        f"{provider}/o/revoke_token/",
        data={"token": token["access_token"], "client_id": "rp", "client_secret": "secret-rp-de-test"},
    )

    assert revoke.status_code == 200
    assert rp.userinfo(token["access_token"]).status_code == 401


def test_a_tampered_id_token_fails_verification(provider, rp):
    token = rp.fetch_token(logged_in_callback(provider, rp))
    header, payload, signature = token["id_token"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "someone-else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()

    with pytest.raises(BadSignatureError):
        rp.id_token_claims(f"{header}.{forged}.{signature}")


def test_unverified_account_cannot_complete_an_authorization(provider, rp):
    UserFactory(email="pas-verifie@exemple.fr", unverified=True)
    browser = Browser(provider)
    login_page = browser.follow(rp.authorization_url(), stop_at=CB)

    response = browser.login(login_page, "pas-verifie@exemple.fr")

    assert response.status_code == 200
    assert "pas encore vérifiée" in response.text


def test_someone_else_logged_in_is_asked_which_account_to_use(provider, rp):
    browser = Browser(provider)
    login_page = browser.follow(rp.authorization_url(), stop_at=CB)
    browser.login(login_page, "zoe@exemple.fr")

    response = browser.get(rp.authorization_url(login_hint="autre@exemple.fr"))

    assert response.status_code == 200
    assert "Continuer avec zoe@exemple.fr" in response.text
    assert "Me connecter avec autre@exemple.fr" in response.text


def test_matching_login_hint_goes_straight_through(provider, rp):
    browser = Browser(provider)
    login_page = browser.follow(rp.authorization_url(), stop_at=CB)
    browser.login(login_page, "zoe@exemple.fr")

    response = browser.follow(rp.authorization_url(login_hint="ZOE@exemple.fr"), stop_at=CB)

    assert "code=" in response.callback_url
