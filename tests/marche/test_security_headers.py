"""The Marché sends the shared security headers: a strict policy on its pages, a relaxed
one (inline scripts of Wagtail's widgets) only on the admin."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.security_headers import ADMIN_CSP, assert_security_headers, inline_script_offences, script_sources

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_marche_home_page_sends_the_strict_security_headers(client, settings):
    settings.DEBUG = True
    call_command("load_demo")
    settings.DEBUG = False

    response = client.get("/")

    assert response.status_code == 200
    assert_security_headers(response)


def test_marche_login_failure_page_sends_the_strict_security_headers(client):
    response = client.get("/connexion/echec/")

    assert response.status_code == 200
    assert_security_headers(response)


def test_marche_pages_hold_no_inline_script_or_event_handler(client, settings):
    settings.DEBUG = True
    call_command("load_demo")
    settings.DEBUG = False

    content = client.get("/").content.decode()

    assert inline_script_offences(content) == []
    assert [src.rsplit("/", 1)[-1] for src in script_sources(content)] == ["dsfr.module.min.js", "dsfr.nomodule.min.js"]


def test_wagtail_admin_gets_the_relaxed_admin_policy_and_still_refuses_framing(client):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Éditeurs"))
    client.force_login(editor)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert_security_headers(response, csp=ADMIN_CSP)


def test_django_admin_of_the_marche_gets_the_admin_policy(client):
    response = client.get("/django-admin/login/")

    assert response.status_code == 200
    assert_security_headers(response, csp=ADMIN_CSP)


def test_json_responses_carry_the_headers_too(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert_security_headers(response)


def test_trailing_slash_redirect_carries_the_headers_too(client):
    # CommonMiddleware answers this redirect before Django's X-Frame-Options middleware runs.
    response = client.get("/admin")

    assert response.status_code == 301
    assert response["Location"] == "/admin/"
    assert_security_headers(response)  # "/admin" is not under the admin's prefix "/admin/"
