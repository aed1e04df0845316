"""Compte inclusion's 404 and 500 pages are French DSFR pages with a way forward (DEBUG off)."""

import pytest

from tests.security_headers import assert_security_headers

pytestmark = pytest.mark.django_db


def test_sso_unknown_page_gets_the_french_dsfr_404_with_a_way_forward(client, settings):
    assert settings.DEBUG is False

    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "<h1>Page non trouvée</h1>" in content
    assert "Erreur 404" in content
    assert '<a class="fr-btn" href="/">Page d\'accueil</a>' in content
    assert 'href="/comptes/mon-compte/">Mon compte</a>' in content
    assert "Créer un compte" in content  # Compte inclusion's own header
    assert_security_headers(response)


def test_sso_unexpected_error_gets_the_french_dsfr_500_page(client, settings):
    settings.ROOT_URLCONF = "tests.sso.error_urls"
    client.raise_request_exception = False

    response = client.get("/panne/")

    assert response.status_code == 500
    content = response.content.decode()
    assert "<h1>Erreur inattendue</h1>" in content
    assert "Erreur 500" in content
    assert '<a class="fr-btn" href="/">' in content
    assert "Compte inclusion" in content
    assert "fr-header" in content
    assert "boom" not in content
    assert_security_headers(response)
