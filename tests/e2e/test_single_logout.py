"""Single logout (OpenID Connect Back-Channel Logout 1.0) with real processes: logging out
of Compte inclusion ends the Marché's session within seconds, and an independent relying
party (not ours) receives a valid logout token on its own HTTP endpoint."""

import re
import secrets
import threading
import time
from http.server import HTTPServer

import pytest
import requests

from tests.e2e.test_sso_login import _Callback
from tests.oidc_client import LogoutReceiver, RelyingParty, logout_token_claims

DEMO_EMAIL = "acheteur@demo.inclusion.example"
DEMO_PASSWORD = "Demo-inclusion-2026!"


def wait_until(condition, timeout: float = 10.0, what: str = "the condition"):
    """Wait for a condition (checked every 0.2 s) instead of a fixed pause."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} not met within {timeout:.0f} s")


@pytest.fixture
def independent_client(services):
    """A relying party that is not ours: its callback and back-channel endpoints are its own HTTP servers."""
    callback = HTTPServer(("127.0.0.1", 0), _Callback)
    callback.received = []
    threading.Thread(target=callback.serve_forever, daemon=True).start()
    receiver = LogoutReceiver()
    callback_url = f"http://127.0.0.1:{callback.server_port}/oidc/callback/"
    secret = secrets.token_urlsafe(24)
    secret_file = services.workdir / "independent-secret"
    secret_file.write_text(secret)
    services.manage(
        "sso", "register_client", "--client-id", "independant", "--name", "Service indépendant",
        "--confidential", "--redirect-uri", callback_url, "--skip-consent", "--secret-file", str(secret_file),
        "--backchannel-logout-uri", receiver.uri,
    )  # fmt: skip
    rp = RelyingParty(services.sso_url, "independant", secret, callback_url)
    yield rp, callback, receiver
    callback.shutdown()
    receiver.close()


def marche_shows_signed_in(page, marche_url: str) -> bool:
    """The Marché's answer for this browser's session cookie, as a non-navigation request:
    the Marché's silent re-check with the provider runs on navigations only, so what this
    shows is the session itself."""
    response = page.request.get(marche_url + "/", headers={"Sec-Fetch-Mode": "cors"}, max_redirects=0)
    return 'data-testid="current-user"' in response.text()


def test_logout_at_the_provider_ends_the_marche_session_and_tells_the_independent_client(
    services, page, independent_client
):
    rp, callback, receiver = independent_client
    page.goto(services.marche_url + "/")
    page.get_by_role("link", name="Se connecter avec Compte inclusion").click()
    page.wait_for_url(re.compile(r".*/comptes/connexion/.*"))
    page.get_by_label("Adresse e-mail").fill(DEMO_EMAIL)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(services.marche_url + "/")
    assert page.get_by_test_id("current-user").inner_text() == "Aïcha Acheteuse"
    # The independent client, in the same browser (single sign-on).
    page.goto(rp.authorization_url())
    page.wait_for_url(re.compile(re.escape(rp.redirect_uri) + ".*"))
    sub = rp.id_token_claims(rp.fetch_token(callback.received[-1])["id_token"])["sub"]
    assert marche_shows_signed_in(page, services.marche_url) is True

    page.goto(services.sso_url + "/comptes/mon-compte/")
    page.get_by_role("button", name="Se déconnecter", exact=True).click()
    page.wait_for_url(services.sso_url + "/")

    wait_until(lambda: not marche_shows_signed_in(page, services.marche_url), what="the Marché session ended")
    (token,) = receiver.wait_for(1)
    metadata = requests.get(f"{services.sso_url}/.well-known/openid-configuration").json()
    _, claims = logout_token_claims(metadata, token, "independant")
    assert claims["sub"] == sub
    page.goto(services.marche_url + "/")
    assert page.get_by_role("link", name="Se connecter avec Compte inclusion").is_visible()
