"""prompt=none: a relying party re-checks the session without showing anything."""

import pytest

from tests.oidc_client import Browser, RelyingParty

from .factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
CB = "http://rp.test/callback/"


@pytest.fixture
def rp(provider):
    UserFactory(email="zoe@exemple.fr")
    ApplicationFactory(client_id="rp", client_secret="secret-rp-de-test", redirect_uris=CB)
    return RelyingParty(provider, "rp", "secret-rp-de-test", CB)


def test_silent_login_gives_a_code_when_the_person_is_logged_in(provider, rp):
    browser = Browser(provider)
    login_page = browser.follow(rp.authorization_url(), stop_at=CB)
    browser.follow(browser.login(login_page, "zoe@exemple.fr").headers["Location"], stop_at=CB)

    response = browser.follow(rp.authorization_url(prompt="none"), stop_at=CB)

    assert "code=" in response.callback_url
    assert rp.id_token_claims(rp.fetch_token(response.callback_url)["id_token"])["email"] == "zoe@exemple.fr"


def test_silent_login_answers_login_required_when_nobody_is_logged_in(provider, rp):
    response = Browser(provider).follow(rp.authorization_url(prompt="none"), stop_at=CB)

    assert "error=login_required" in response.callback_url


def test_silent_login_answers_consent_required_for_a_client_that_needs_consent(provider):
    UserFactory(email="zoe@exemple.fr")
    ApplicationFactory(
        client_id="tiers", client_secret="secret-tiers-de-test", redirect_uris=CB, skip_authorization=False
    )
    rp = RelyingParty(provider, "tiers", "secret-tiers-de-test", CB)
    browser = Browser(provider)
    login_page = browser.follow(rp.authorization_url(), stop_at=CB)
    browser.login(login_page, "zoe@exemple.fr")

    response = browser.follow(rp.authorization_url(prompt="none"), stop_at=CB)

    assert "error=consent_required" in response.callback_url


def test_silent_login_for_another_person_answers_account_selection_required(provider, rp):
    browser = Browser(provider)
    login_page = browser.follow(rp.authorization_url(), stop_at=CB)
    browser.login(login_page, "zoe@exemple.fr")

    response = browser.follow(rp.authorization_url(prompt="none", login_hint="autre@exemple.fr"), stop_at=CB)

    assert "error=account_selection_required" in response.callback_url
