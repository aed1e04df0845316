"""Compte inclusion as a real process, for the Marché's tests that need real tokens.

The two services have separate settings and databases, so the provider cannot run inside
the Marché's test process: it runs as a subprocess on a free port with a fresh database
(as the browser tests do, with their helpers), and its clients are registered with the
provider's own service (what ``register_client`` calls). Use it by importing the fixture:
``from tests.marche.live_provider import live_provider  # noqa: F401``.
"""

import os
import subprocess
import sys
from dataclasses import dataclass

import pytest
import requests

from search.elasticsearch.node import free_port
from tests.e2e.conftest import ROOT, _Databases, _manage, _wait_healthy

# Clients registered at the provider: client id → (grant, scopes of client credentials).
PARTNERS = {
    "partenaire-a": ["marche.suppliers.read"],
    "partenaire-b": ["marche.suppliers.read"],
    "annuaire-seul": ["directory"],
}
SECRETS = {client_id: f"secret-{client_id}-de-test-0123456789" for client_id in [*PARTNERS, "marche"]}


@dataclass
class LiveProvider:
    url: str
    env: dict

    def token(self, client_id: str, scope: str | None = None) -> requests.Response:
        data = {"grant_type": "client_credentials"}
        if scope is not None:
            data["scope"] = scope
        return requests.post(f"{self.url}/o/token/", data=data, auth=(client_id, SECRETS[client_id]), timeout=20)

    def access_token(self, client_id: str, scope: str = "marche.suppliers.read") -> str:
        response = self.token(client_id, scope)
        assert response.status_code == 200, response.text
        return response.json()["access_token"]

    def shell(self, code: str) -> str:
        return _manage(self.env, "sso", "shell", "--no-imports", "-c", code).stdout


REGISTER = """
from sso.oidc.services import Application, register_client
secrets = {secrets}
register_client(client_id="marche", name="le Marché", confidential=True,
    redirect_uris=["http://127.0.0.1:1/oidc/callback/"], skip_consent=True, secret=secrets["marche"],
    introspection_scopes=["marche.suppliers.read"])
for client_id, scopes in {partners}.items():
    register_client(client_id=client_id, name=client_id, confidential=True, redirect_uris=[],
        grant_type=Application.GRANT_CLIENT_CREDENTIALS, secret=secrets[client_id], scopes=scopes)
"""


@pytest.fixture(scope="session")
def live_provider(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("provider")
    databases = _Databases(workdir)
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    env.update({"VAR_DIR": str(workdir / "var"), "DEBUG": "1", "SSO_ISSUER": f"http://127.0.0.1:{port}"})
    process = None
    try:
        env["_sso_db"] = databases.create("sso")
        _manage(env, "sso", "migrate", "--noinput")
        _manage(env, "sso", "shell", "--no-imports", "-c", REGISTER.format(secrets=SECRETS, partners=PARTNERS))
        log = workdir / "sso.log"
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "sso.settings", "DATABASE_URL": env["_sso_db"]},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        _wait_healthy(env["SSO_ISSUER"], process, log)
        yield LiveProvider(url=env["SSO_ISSUER"], env=env)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        databases.drop_all()


@pytest.fixture
def marche_uses_provider(live_provider, settings):
    """The Marché (this test process) talks to the live provider as its own client."""
    settings.SSO_INTERNAL_URL = live_provider.url
    settings.OIDC_RP_CLIENT_ID = "marche"
    settings.OIDC_RP_CLIENT_SECRET = SECRETS["marche"]
    return live_provider
