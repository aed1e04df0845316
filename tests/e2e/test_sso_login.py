"""One person, one Compte inclusion: the Marché (mozilla-django-oidc, a real process) and
les emplois (played by authlib) log the same person in; the second asks no password."""

import re
import secrets
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.oidc_client import RelyingParty

DEMO_EMAIL = "employeur@demo.inclusion.example"
DEMO_PASSWORD = "Demo-inclusion-2026!"


class _Callback(BaseHTTPRequestHandler):
    def do_GET(self):
        # Only the OIDC callback counts: Chromium also asks this server for /favicon.ico after
        # the page loads, and recording it raced with reading the last callback.
        if self.path.startswith("/oidc/callback/"):
            self.server.received.append(f"http://127.0.0.1:{self.server.server_port}{self.path}")
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.end_headers()
        self.wfile.write(b"les emplois (test)")

    def log_message(self, *args):
        pass


@pytest.fixture
def emplois_callback():
    """les emplois' callback: a real HTTP server on loopback that records what it receives."""
    server = HTTPServer(("127.0.0.1", 0), _Callback)
    server.received = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def register_emplois(services, callback_url: str) -> str:
    secret = secrets.token_urlsafe(24)
    secret_file = services.workdir / "emplois-secret"
    secret_file.write_text(secret)
    services.manage(
        "sso", "register_client", "--client-id", "emplois-e2e", "--name", "les emplois de l'inclusion",
        "--confidential", "--redirect-uri", callback_url,
        "--skip-consent", "--secret-file", str(secret_file),
    )  # fmt: skip
    return secret


def test_marche_then_emplois_log_in_the_same_person_with_one_password(services, page, emplois_callback):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    callback_url = f"http://127.0.0.1:{emplois_callback.server_port}/oidc/callback/"
    emplois = RelyingParty(services.sso_url, "emplois-e2e", register_emplois(services, callback_url), callback_url)

    # The Marché sends the person to Compte inclusion, which says who asked.
    page.goto(services.marche_url + "/")
    page.get_by_role("link", name="Se connecter avec Compte inclusion").click()
    page.wait_for_url(re.compile(r".*/comptes/connexion/.*"))
    assert (
        "Connexion au service « le Marché de l'inclusion » avec votre Compte inclusion"
        in page.locator("h1").inner_text()
    )
    page.screenshot(path=str(ARTIFACTS / "sso-login.png"), full_page=True)
    page.get_by_label("Adresse e-mail").fill(DEMO_EMAIL)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    page.wait_for_url(services.marche_url + "/")
    assert page.get_by_test_id("current-user").inner_text() == "Élise Employeur"
    marche_sub = services.manage(
        "marche",
        "shell",
        "--no-imports",
        "-c",
        f"from marche.users.models import User; print(User.objects.get(email='{DEMO_EMAIL}').sub)",
    ).stdout.strip()

    # When its ID token is old, the Marché re-checks the session with the provider silently.
    page.wait_for_timeout(4500)
    silent_checks = []
    page.on("request", lambda r: silent_checks.append(r.url) if "prompt=none" in r.url else None)
    page.goto(services.marche_url + "/")
    assert silent_checks and silent_checks[0].startswith(services.sso_url + "/o/authorize/")
    assert page.get_by_test_id("current-user").inner_text() == "Élise Employeur"

    # les emplois, in the same browser: no password asked.
    page.goto(emplois.authorization_url())
    page.wait_for_url(callback_url + "**")
    token = emplois.fetch_token(emplois_callback.received[-1])
    claims = emplois.id_token_claims(token["id_token"])
    assert claims["sub"] == marche_sub
    assert emplois.userinfo(token["access_token"]).json()["organizations"][0]["name"] == "Les Jardins Solidaires"
    assert emplois.refresh(token["refresh_token"])["access_token"] != token["access_token"]

    # Logging out of the Marché ends the provider session too.
    page.goto(services.marche_url + "/")
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(services.marche_url + "/")
    assert page.get_by_role("link", name="Se connecter avec Compte inclusion").is_visible()
    page.goto(emplois.authorization_url())
    page.wait_for_url(re.compile(r".*/comptes/connexion/.*"))
