"""On the Marché, "rattacher mon organisation" leads to the right page of Compte inclusion
with a return address that refreshes the person's claims at once (no new login)."""

from urllib.parse import parse_qs, quote, urlsplit

import pytest

from .factories import SupplierFactory, UserFactory, buyer

pytestmark = pytest.mark.django_db


@pytest.fixture
def supplier():
    return SupplierFactory(contact_email="contact@siae.fr")


def test_a_signed_in_person_without_buyer_organisation_gets_the_buyer_sign_up_link_with_the_way_back(
    client, supplier, settings
):
    client.force_login(UserFactory(organizations=[]))

    content = client.get(f"/fournisseurs/{supplier.slug}/").content.decode()

    back = f"{settings.MARCHE_URL}/compte/actualiser/?next={quote('/fournisseurs/' + supplier.slug + '/', safe='')}"
    expected = f"{settings.SSO_ISSUER}/organisations/inscription/acheteur/?next={quote(back, safe='')}"
    assert f'href="{expected}"' in content.replace("&amp;", "&")


def test_an_unverified_buyer_gets_a_refresh_link_instead_of_logging_out(client, supplier, settings):
    client.force_login(buyer(verified=False))

    content = client.get(f"/fournisseurs/{supplier.slug}/").content.decode()

    back = f"{settings.MARCHE_URL}/compte/actualiser/?next={quote('/fournisseurs/' + supplier.slug + '/', safe='')}"
    assert f'href="{back}"' in content
    assert "déconnectez-vous" not in content


def test_the_dashboard_links_to_the_employer_sign_up_with_the_way_back(client, settings):
    client.force_login(UserFactory(organizations=[]))

    content = client.get("/tableau-de-bord/").content.decode()

    back = f"{settings.MARCHE_URL}/compte/actualiser/?next={quote('/tableau-de-bord/', safe='')}"
    assert f"{settings.SSO_ISSUER}/organisations/inscription/employeur/?next={quote(back, safe='')}" in content


def test_refresh_runs_the_authorization_again_and_comes_back_to_the_page(client, settings):
    client.force_login(UserFactory())

    response = client.get("/compte/actualiser/", {"next": "/fournisseurs/abc/"})

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/oidc/authenticate/"
    assert parse_qs(location.query) == {"next": ["/fournisseurs/abc/"]}
    # mozilla-django-oidc then sends the browser to the provider's authorize endpoint.
    onward = client.get(response["Location"])
    assert onward["Location"].startswith(f"{settings.SSO_ISSUER}/o/authorize/?")


@pytest.mark.parametrize("hostile", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"])
def test_refresh_never_sends_anyone_elsewhere(client, hostile):
    client.force_login(UserFactory())

    response = client.get("/compte/actualiser/", {"next": hostile})

    assert parse_qs(urlsplit(response["Location"]).query) == {"next": ["/"]}


def test_refresh_asks_an_anonymous_visitor_to_log_in(client):
    response = client.get("/compte/actualiser/", {"next": "/fournisseurs/abc/"})

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/oidc/authenticate/"


def test_a_callback_this_browser_never_asked_for_starts_the_login_again_instead_of_a_dead_end(client):
    response = client.get("/oidc/callback/", {"code": "un-code", "state": "un-etat-inconnu"})

    assert response.status_code == 302
    assert response["Location"] == "/oidc/authenticate/"
    assert "_auth_user_id" not in client.session
