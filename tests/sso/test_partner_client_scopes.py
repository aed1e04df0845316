"""Client-credentials scopes are per client: a partner of the Marché's lookup API is
registered with ``marche.suppliers.read`` and gets nothing else; a person's authorization
never grants a machine scope; the Marché, a resource server, introspects only the tokens of
the scope it serves."""

from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.management import call_command
from django.core.management.base import CommandError

from sso.oidc.models import ClientAccess
from tests.oidc_client import Browser, RelyingParty

from .factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db
CB = "http://rp.test/callback/"


def register(*args):
    out = StringIO()
    call_command("register_client", *args, stdout=out)
    return out.getvalue().split("conservez-le) : ")[-1].strip()


def partner(client_id="partenaire"):
    return register(
        "--client-id", client_id, "--name", "Partenaire", "--confidential",
        "--grant", "client-credentials", "--scope", "marche.suppliers.read",
    )  # fmt: skip


def token(provider, client_id, secret, scope=None):
    data = {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
    return requests.post(f"{provider}/o/token/", data=data, auth=(client_id, secret), timeout=20)


def test_register_client_records_the_scopes_and_keeps_them_on_a_second_run():
    partner()
    register(
        "--client-id", "partenaire", "--name", "Partenaire renommé", "--confidential", "--grant", "client-credentials"
    )

    access = ClientAccess.objects.get(application__client_id="partenaire")
    assert access.client_credentials_scopes == "marche.suppliers.read"
    assert access.application.name == "Partenaire renommé"


def test_an_unknown_scope_is_refused_by_the_command_and_nothing_is_created():
    with pytest.raises(CommandError, match="Portée inconnue « openid »"):
        register(
            "--client-id", "x", "--name", "X", "--confidential", "--grant", "client-credentials", "--scope", "openid"
        )  # fmt: skip
    assert not ClientAccess.objects.exists()


def test_a_partner_gets_only_its_scope(provider):
    secret = partner()

    own = token(provider, "partenaire", secret, "marche.suppliers.read")
    directory = token(provider, "partenaire", secret, "directory")
    openid = token(provider, "partenaire", secret, "openid")

    assert own.status_code == 200 and own.json()["scope"] == "marche.suppliers.read"
    assert (directory.status_code, directory.json()["error"]) == (400, "invalid_scope")
    assert (openid.status_code, openid.json()["error"]) == (400, "invalid_scope")


def test_a_directory_client_registered_before_scopes_existed_keeps_reading_the_directory(provider):
    ApplicationFactory(
        client_id="annuaire",
        client_secret="s3cret-annuaire",
        authorization_grant_type="client-credentials",
        redirect_uris="",
    )

    default = token(provider, "annuaire", "s3cret-annuaire")
    partner_scope = token(provider, "annuaire", "s3cret-annuaire", "marche.suppliers.read")

    assert default.json()["scope"] == "directory"
    assert (partner_scope.status_code, partner_scope.json()["error"]) == (400, "invalid_scope")


def test_a_person_cannot_authorize_a_machine_scope(provider):
    ApplicationFactory(client_id="rp", client_secret="secret-rp-de-test", redirect_uris=CB)
    UserFactory(email="zoe@exemple.fr")
    rp = RelyingParty(provider, "rp", "secret-rp-de-test", CB)
    browser = Browser(provider)

    login_page = browser.follow(rp.authorization_url(scope="openid marche.suppliers.read"), stop_at=CB)
    answer = browser.follow(browser.login(login_page, "zoe@exemple.fr").headers["Location"], stop_at=CB)

    query = parse_qs(urlsplit(answer.callback_url).query)
    assert query["error"] == ["invalid_scope"]
    assert "code" not in query


def test_the_marche_introspects_partner_tokens_but_not_others(provider, tmp_path):
    secret = partner()
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text("secret-marche-0123456789")
    register(
        "--client-id", "marche", "--name", "Marché", "--confidential", "--redirect-uri", "http://m.test/cb/",
        "--introspection-scope", "marche.suppliers.read", "--secret-file", str(secret_file),
    )  # fmt: skip
    ApplicationFactory(
        client_id="annuaire",
        client_secret="s3cret-annuaire",
        authorization_grant_type="client-credentials",
        redirect_uris="",
    )
    partner_token = token(provider, "partenaire", secret).json()["access_token"]
    directory_token = token(provider, "annuaire", "s3cret-annuaire").json()["access_token"]

    def introspect(value):
        return requests.post(
            f"{provider}/o/introspect/", data={"token": value}, auth=("marche", "secret-marche-0123456789"), timeout=20
        ).json()

    seen = introspect(partner_token)
    assert seen["active"] is True
    assert seen["client_id"] == "partenaire"
    assert seen["scope"] == "marche.suppliers.read"
    assert "sub" not in seen
    assert introspect(directory_token) == {"active": False}
