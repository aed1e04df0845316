"""Compte inclusion sends the shared security headers on its pages, the admin's policy on /admin/."""

import pytest

from tests.security_headers import ADMIN_CSP, assert_security_headers, inline_script_offences, script_sources

pytestmark = pytest.mark.django_db


def test_sso_login_page_sends_the_strict_security_headers(client):
    response = client.get("/comptes/connexion/")

    assert response.status_code == 200
    assert_security_headers(response)


def test_sso_home_page_sends_the_strict_security_headers(client):
    response = client.get("/")

    assert response.status_code == 200
    assert_security_headers(response)


def test_sso_login_page_holds_no_inline_script_or_event_handler(client):
    content = client.get("/comptes/connexion/").content.decode()

    assert inline_script_offences(content) == []
    assert [src.rsplit("/", 1)[-1] for src in script_sources(content)] == ["dsfr.module.min.js", "dsfr.nomodule.min.js"]


def test_sso_django_admin_gets_the_admin_policy(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert_security_headers(response, csp=ADMIN_CSP)


def test_oidc_discovery_json_carries_the_headers_too(client):
    response = client.get("/.well-known/openid-configuration")

    assert response.status_code == 200
    assert_security_headers(response)
