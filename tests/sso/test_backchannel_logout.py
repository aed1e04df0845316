"""OpenID Connect Back-Channel Logout 1.0, the provider's side: when a session ends at
Compte inclusion, every relying party the person used receives a signed logout token on
its own HTTP endpoint (independent receivers, tokens verified with joserfc against the
live provider's JWKS), and nobody else does."""

import logging
import re
import time

import pytest
import requests
from django.core import mail
from django.core.management import call_command
from django.test import Client

from sso.accounts import services as account_services
from sso.accounts.models import User
from sso.oidc.models import BackChannelLogout
from sso.oidc.services import wait_for_deliveries
from tests.oidc_client import BACKCHANNEL_LOGOUT_EVENT, Browser, LogoutReceiver, RelyingParty, logout_token_claims

from .factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

EMPLOIS_CB = "http://emplois.test/callback/"
MARCHE_CB = "http://marche.test/callback/"
NEW_PASSWORD = "Encore-un-nouveau-mot-de-passe-77"


@pytest.fixture(autouse=True)
def _fast_retry(settings):
    settings.BACKCHANNEL_LOGOUT_RETRY_DELAY_SECONDS = 0
    settings.BACKCHANNEL_LOGOUT_TIMEOUT_SECONDS = 2


@pytest.fixture
def receivers():
    made = {}

    def make(name, failures=0):
        made[name] = LogoutReceiver(failures=failures)
        return made[name]

    yield make
    for receiver in made.values():
        receiver.close()


@pytest.fixture
def clients(provider, receivers):
    """emplois and marche take logout tokens; « annuaire » too, but Claire never used it."""
    endpoints = {}
    for client_id, callback in (("emplois", EMPLOIS_CB), ("marche", MARCHE_CB), ("annuaire", "http://a.test/cb/")):
        application = ApplicationFactory(
            client_id=client_id, client_secret=f"secret-{client_id}-de-test", redirect_uris=callback
        )
        endpoints[client_id] = receivers(client_id)
        BackChannelLogout.objects.create(application=application, uri=endpoints[client_id].uri)
    rps = {
        client_id: RelyingParty(provider, client_id, f"secret-{client_id}-de-test", callback)
        for client_id, callback in (("emplois", EMPLOIS_CB), ("marche", MARCHE_CB))
    }
    return rps, endpoints


@pytest.fixture
def claire(clients):
    """Claire signed in to emplois and the Marché in one browser; Paul, to emplois only."""
    rps, _ = clients
    claire = UserFactory(email="claire@exemple.fr")
    browser = Browser(rps["emplois"].issuer)
    rps["emplois"].sign_in(browser, "claire@exemple.fr")
    # Already logged in at the provider: single sign-on, no password.
    marche = rps["marche"]
    marche.fetch_token(browser.follow(marche.authorization_url(), stop_at=MARCHE_CB).callback_url)
    UserFactory(email="paul@exemple.fr")
    rps["emplois"].sign_in(Browser(rps["emplois"].issuer), "paul@exemple.fr")
    claire.browser = browser
    return claire


def csrf_post(browser: Browser, page: str, action: str, data: dict | None = None) -> requests.Response:
    html = browser.get(page).text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return browser.session.post(
        browser.base_url + action,
        data={"csrfmiddlewaretoken": csrf, **(data or {})},
        headers={"Referer": browser.base_url + page},
        allow_redirects=False,
    )


def assert_told_once_each(provider, clients, user, told=("emplois", "marche")):
    """Each client the person used got exactly one valid token about them; the others none."""
    rps, endpoints = clients
    metadata = requests.get(f"{provider}/.well-known/openid-configuration").json()
    for client_id in told:
        (token,) = endpoints[client_id].wait_for(1)
        header, claims = logout_token_claims(metadata, token, client_id)
        assert header["alg"] == "RS256"
        assert header["typ"] == "logout+jwt"
        assert header["kid"] in {key["kid"] for key in requests.get(metadata["jwks_uri"]).json()["keys"]}
        assert claims["sub"] == str(user.uuid)
        assert claims["aud"] == client_id
        assert claims["iss"] == provider
        assert claims["events"] == {BACKCHANNEL_LOGOUT_EVENT: {}}
        assert "nonce" not in claims and "sid" not in claims
        assert abs(claims["iat"] - time.time()) < 60
        assert claims["exp"] > claims["iat"]
    wait_for_deliveries()
    for client_id, endpoint in endpoints.items():
        # Exactly one token each for the person's clients (none about Paul), none for the others.
        assert len(endpoint.tokens) == (1 if client_id in told else 0)
    jtis = [logout_token_claims(metadata, endpoints[c].tokens[0], c)[1]["jti"] for c in told]
    assert len(set(jtis)) == len(jtis)


def test_discovery_advertises_back_channel_logout_without_session_ids(provider):
    metadata = requests.get(f"{provider}/.well-known/openid-configuration").json()

    assert metadata["backchannel_logout_supported"] is True
    assert metadata["backchannel_logout_session_supported"] is False


def test_logout_at_the_provider_tells_every_client_the_person_used(provider, clients, claire):
    response = csrf_post(claire.browser, "/comptes/mon-compte/", "/comptes/deconnexion/")

    assert response.status_code == 302
    assert_told_once_each(provider, clients, claire)


def test_logout_everywhere_tells_every_client_the_person_used(provider, clients, claire):
    response = csrf_post(claire.browser, "/comptes/mon-compte/", "/comptes/deconnexion-de-tous-les-services/")

    assert response.status_code == 302
    assert_told_once_each(provider, clients, claire)


def test_rp_initiated_logout_tells_every_client_the_person_used(provider, clients, claire):
    rps, _ = clients
    response = claire.browser.get("/o/logout/?client_id=marche")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
    claire.browser.session.post(
        f"{provider}/o/logout/?client_id=marche",
        data={"csrfmiddlewaretoken": csrf, "allow": "Se déconnecter"},
        headers={"Referer": f"{provider}/o/logout/"},
        allow_redirects=False,
    )

    assert_told_once_each(provider, clients, claire)


def test_deactivation_tells_every_client_the_person_used(provider, clients, claire):
    account_services.deactivate_account(User.objects.get(pk=claire.pk), reason="test")

    assert_told_once_each(provider, clients, claire)


def test_password_reset_tells_every_client_the_person_used(provider, clients, claire):
    account_services.request_password_reset("claire@exemple.fr")
    token = re.search(r"/mot-de-passe-oublie/([^/\s]+)/", mail.outbox[-1].body).group(1)

    account_services.reset_password(token, NEW_PASSWORD)

    assert_told_once_each(provider, clients, claire)


def test_deactivation_by_the_admin_action_tells_the_clients(provider, clients, claire):
    staff = UserFactory(email="support@exemple.fr", is_staff=True, is_superuser=True)
    admin = Client()
    admin.force_login(staff)

    admin.post("/admin/accounts/user/", {"action": "deactivate", "_selected_action": [claire.pk]})

    assert User.objects.get(pk=claire.pk).is_active is False
    assert_told_once_each(provider, clients, claire)


def test_a_person_who_used_no_client_sends_nothing(provider, clients):
    _, endpoints = clients
    alone = UserFactory(email="seule@exemple.fr")

    account_services.end_all_access(alone, reason="test")

    wait_for_deliveries()
    assert all(endpoint.tokens == [] for endpoint in endpoints.values())


def test_a_client_that_fails_is_tried_once_more(provider, receivers, claire, clients, caplog):
    _, endpoints = clients
    flaky = receivers("flaky", failures=1)
    BackChannelLogout.objects.filter(application__client_id="marche").update(uri=flaky.uri)

    with caplog.at_level(logging.WARNING, logger="sso.oidc.services"):
        account_services.end_all_access(User.objects.get(pk=claire.pk), reason="test")
        flaky.wait_for(2)
        wait_for_deliveries()

    assert flaky.answers == [503, 200]
    assert flaky.tokens[0] == flaky.tokens[1]
    assert "trying once more" in caplog.text
    assert "given up" not in caplog.text


def test_a_client_that_stays_down_is_logged_and_does_not_block_the_logout(provider, receivers, claire, clients, caplog):
    down = receivers("down", failures=99)
    BackChannelLogout.objects.filter(application__client_id="marche").update(uri=down.uri)
    _, endpoints = clients

    with caplog.at_level(logging.WARNING, logger="sso.oidc.services"):
        response = csrf_post(claire.browser, "/comptes/mon-compte/", "/comptes/deconnexion/")
        down.wait_for(2)
        wait_for_deliveries()

    assert response.status_code == 302
    assert down.answers == [503, 503]
    assert "given up" in caplog.text
    assert len(endpoints["emplois"].wait_for(1)) == 1


def test_register_client_stores_and_removes_the_logout_uri(db):
    call_command(
        "register_client",
        "--client-id=rp",
        "--name=RP",
        "--confidential",
        "--redirect-uri=https://rp.example/cb/",
        "--backchannel-logout-uri=https://rp.example/oidc/backchannel-logout/",
        stdout=None,
    )
    assert (
        BackChannelLogout.objects.get(application__client_id="rp").uri == "https://rp.example/oidc/backchannel-logout/"
    )

    call_command(
        "register_client",
        "--client-id=rp",
        "--name=RP",
        "--confidential",
        "--redirect-uri=https://rp.example/cb/",
        "--backchannel-logout-uri=",
    )
    assert not BackChannelLogout.objects.filter(application__client_id="rp").exists()
