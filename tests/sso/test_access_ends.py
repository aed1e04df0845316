"""Access ends when it should: each path revokes every token of the account (checked at the
token and userinfo endpoints of a live server with a real client) and ends its sessions on
every device, and touches no other account."""

import json

import pytest
from django.core.management import call_command
from django.test import Client

from sso.accounts.models import User
from tests.oidc_client import PASSWORD, Browser, RelyingParty

from .conftest import link_in_last_mail
from .factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

EMPLOIS_CB = "http://emplois.test/callback/"
MARCHE_CB = "http://marche.test/callback/"
NEW_PASSWORD = "Encore-un-nouveau-mot-de-passe-77"


@pytest.fixture
def clients(provider):
    ApplicationFactory(client_id="emplois", client_secret="secret-emplois-de-test", redirect_uris=EMPLOIS_CB)
    ApplicationFactory(client_id="marche", client_secret="secret-marche-de-test", redirect_uris=MARCHE_CB)
    return (
        RelyingParty(provider, "emplois", "secret-emplois-de-test", EMPLOIS_CB),
        RelyingParty(provider, "marche", "secret-marche-de-test", MARCHE_CB),
    )


@pytest.fixture
def signed_in(provider, clients):
    """Claire signed in to two clients in her browser, and also on a second device; Paul, another account, too."""
    emplois, marche = clients
    claire = UserFactory(email="claire@exemple.fr")
    browser = Browser(provider)
    tokens = [emplois.sign_in(browser, "claire@exemple.fr"), marche.sign_in(Browser(provider), "claire@exemple.fr")]
    other_device = Client()
    other_device.force_login(claire)
    UserFactory(email="paul@exemple.fr")
    paul_tokens = emplois.sign_in(Browser(provider), "paul@exemple.fr")
    for rp, token in zip(clients, tokens, strict=True):
        assert rp.userinfo(token["access_token"]).status_code == 200
    return claire, browser, tokens, other_device, paul_tokens


def assert_all_access_ended(clients, tokens, other_device):
    for rp, token in zip(clients, tokens, strict=True):
        refused = rp.refresh_response(token["refresh_token"])
        assert refused.status_code == 400
        assert refused.json()["error"] == "invalid_grant"
        assert rp.userinfo(token["access_token"]).status_code == 401
    assert other_device.get("/comptes/mon-compte/").status_code == 302


def assert_untouched(clients, paul_tokens):
    emplois, _ = clients
    assert emplois.userinfo(paul_tokens["access_token"]).status_code == 200
    assert emplois.refresh_response(paul_tokens["refresh_token"]).status_code == 200


def staff_client() -> Client:
    staff = UserFactory(email="support@exemple.fr", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    return client


def test_logout_everywhere_button_revokes_every_token_and_ends_every_session(clients, signed_in):
    claire, _, tokens, other_device, paul_tokens = signed_in
    this_device = Client()
    this_device.force_login(claire)
    page = this_device.get("/comptes/mon-compte/").content.decode()
    assert "Se déconnecter de tous les services" in page

    response = this_device.post("/comptes/deconnexion-de-tous-les-services/")

    assert response.status_code == 302 and response["Location"] == "/comptes/connexion/"
    assert this_device.get("/comptes/mon-compte/").status_code == 302
    assert_all_access_ended(clients, tokens, other_device)
    assert_untouched(clients, paul_tokens)


def test_logout_everywhere_refuses_get_and_anonymous_requests(clients, signed_in):
    claire, _, tokens, other_device, _ = signed_in
    this_device = Client()
    this_device.force_login(claire)

    assert this_device.get("/comptes/deconnexion-de-tous-les-services/").status_code == 405
    assert Client().post("/comptes/deconnexion-de-tous-les-services/").status_code == 302

    emplois, _ = clients
    assert emplois.userinfo(tokens[0]["access_token"]).status_code == 200
    assert other_device.get("/comptes/mon-compte/").status_code == 200


def test_deactivation_by_the_admin_action_revokes_every_token(clients, signed_in):
    claire, _, tokens, other_device, paul_tokens = signed_in

    staff_client().post("/admin/accounts/user/", {"action": "deactivate", "_selected_action": [claire.pk]}, follow=True)

    assert User.objects.get(pk=claire.pk).is_active is False
    assert_all_access_ended(clients, tokens, other_device)
    assert_untouched(clients, paul_tokens)


def test_deactivation_in_the_admin_edit_form_revokes_every_token(clients, signed_in):
    claire, _, tokens, other_device, paul_tokens = signed_in
    staff = staff_client()
    form = {
        "email": claire.email,
        "first_name": claire.first_name,
        "last_name": claire.last_name,
        "email_verified_at_0": "2026-01-01",
        "email_verified_at_1": "10:00:00",
        "terms_accepted_at_0": "2026-01-01",
        "terms_accepted_at_1": "10:00:00",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        # is_active left out: unchecked
    }

    response = staff.post(f"/admin/accounts/user/{claire.pk}/change/", form)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(pk=claire.pk).is_active is False
    assert_all_access_ended(clients, tokens, other_device)
    assert_untouched(clients, paul_tokens)


def test_import_saying_inactive_in_every_source_deactivates_and_revokes(clients, signed_in, tmp_path):
    claire, _, tokens, other_device, paul_tokens = signed_in
    row = {"id": "17", "email": "claire@exemple.fr", "password": claire.password, "email_verified": True}
    path = tmp_path / "emplois.json"
    path.write_text(json.dumps([row]))
    call_command("import_accounts", "--source", "emplois", str(path), verbosity=0)
    assert User.objects.get(pk=claire.pk).is_active is True

    path.write_text(json.dumps([{**row, "is_active": False}]))
    call_command("import_accounts", "--source", "emplois", str(path), verbosity=0)

    assert User.objects.get(pk=claire.pk).is_active is False
    assert_all_access_ended(clients, tokens, other_device)
    assert_untouched(clients, paul_tokens)


def test_import_saying_inactive_in_one_source_only_keeps_the_account(clients, signed_in, tmp_path):
    claire, _, tokens, other_device, _ = signed_in
    emplois_file, marche_file = tmp_path / "emplois.json", tmp_path / "marche.json"
    base = {"email": "claire@exemple.fr", "password": claire.password, "email_verified": True}
    emplois_file.write_text(json.dumps([{**base, "id": "17"}]))
    marche_file.write_text(json.dumps([{**base, "id": "99", "is_active": "false"}]))

    call_command("import_accounts", "--source", "emplois", str(emplois_file), verbosity=0)
    call_command("import_accounts", "--source", "marche", str(marche_file), verbosity=0)

    assert User.objects.get(pk=claire.pk).is_active is True
    emplois, _ = clients
    assert emplois.userinfo(tokens[0]["access_token"]).status_code == 200
    assert other_device.get("/comptes/mon-compte/").status_code == 200


def test_password_reset_revokes_every_token(clients, signed_in):
    _, _, tokens, other_device, paul_tokens = signed_in
    client = Client()
    client.post("/comptes/mot-de-passe-oublie/", {"email": "claire@exemple.fr"})
    link = link_in_last_mail("/comptes/mot-de-passe-oublie/")

    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert_all_access_ended(clients, tokens, other_device)
    assert_untouched(clients, paul_tokens)


def test_password_change_revokes_every_token_and_keeps_this_browser_logged_in(clients, signed_in):
    claire, _, tokens, other_device, paul_tokens = signed_in
    this_device = Client()
    this_device.force_login(claire)

    response = this_device.post(
        "/comptes/mon-compte/mot-de-passe/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert this_device.get("/comptes/mon-compte/").status_code == 200
    assert_all_access_ended(clients, tokens, other_device)
    assert_untouched(clients, paul_tokens)


def test_email_change_revokes_every_token(clients, signed_in):
    claire, _, tokens, other_device, paul_tokens = signed_in
    this_device = Client()
    this_device.force_login(claire)
    this_device.post(
        "/comptes/mon-compte/adresse-e-mail/",
        {"new_email": "claire.f@exemple.fr", "new_email_confirm": "claire.f@exemple.fr", "password": PASSWORD},
    )
    link = link_in_last_mail("/comptes/changement-d-adresse/")

    response = Client().get(link)

    assert response.status_code == 302
    assert User.objects.get(pk=claire.pk).email == "claire.f@exemple.fr"
    assert_all_access_ended(clients, tokens, other_device)
    assert_untouched(clients, paul_tokens)


def test_email_change_by_staff_in_the_admin_revokes_every_token(clients, signed_in):
    claire, _, tokens, other_device, paul_tokens = signed_in
    form = {
        "email": "claire.nouvelle@exemple.fr",
        "first_name": claire.first_name,
        "last_name": claire.last_name,
        "is_active": "on",
        "email_verified_at_0": "2026-01-01",
        "email_verified_at_1": "10:00:00",
        "terms_accepted_at_0": "2026-01-01",
        "terms_accepted_at_1": "10:00:00",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }

    response = staff_client().post(f"/admin/accounts/user/{claire.pk}/change/", form)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(pk=claire.pk).email == "claire.nouvelle@exemple.fr"
    assert_all_access_ended(clients, tokens, other_device)
    assert_untouched(clients, paul_tokens)


def test_a_staff_edit_that_changes_neither_state_nor_email_keeps_access(clients, signed_in):
    claire, _, tokens, other_device, _ = signed_in
    form = {
        "email": claire.email,
        "first_name": "Claire-Marie",
        "last_name": claire.last_name,
        "is_active": "on",
        "email_verified_at_0": "2026-01-01",
        "email_verified_at_1": "10:00:00",
        "terms_accepted_at_0": "2026-01-01",
        "terms_accepted_at_1": "10:00:00",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }

    assert staff_client().post(f"/admin/accounts/user/{claire.pk}/change/", form).status_code == 302

    emplois, _ = clients
    assert emplois.userinfo(tokens[0]["access_token"]).status_code == 200
    assert other_device.get("/comptes/mon-compte/").status_code == 200
