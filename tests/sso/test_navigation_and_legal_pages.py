"""Compte inclusion's pages have the header navigation (Mon compte, Mes organisations,
Aide), the current entry marked, and the footer's four legal pages with real text."""

import re

import pytest

pytestmark = pytest.mark.django_db


def nav_links(html: str) -> list[tuple[str, str, str]]:
    return [
        (label.strip(), href, current)
        for href, current, label in re.findall(
            r'<a class="fr-nav__link" href="([^"]*)"(?: aria-current="([^"]*)")?>([^<]*)</a>', html
        )
    ]


def test_navigation_lists_account_organisations_and_the_marche_help_centre(client, user, settings):
    client.force_login(user)

    html = client.get("/comptes/mon-compte/").content.decode()

    assert nav_links(html) == [
        ("Mon compte", "/comptes/mon-compte/", "page"),
        ("Mes organisations", "/organisations/", ""),
        ("Aide", f"{settings.MARCHE_URL}/aide/", ""),
    ]


def test_organisation_pages_mark_their_section_current(client, user):
    client.force_login(user)

    html = client.get("/organisations/inscription/").content.decode()

    assert [(label, current) for label, _, current in nav_links(html) if current] == [("Mes organisations", "true")]


def test_footer_links_the_four_legal_pages_on_the_login_page(client):
    html = client.get("/comptes/connexion/").content.decode()
    footer = html[html.index('id="pied-de-page"') :]

    assert re.findall(r'<a class="fr-footer__bottom-link" href="([^"]*)">([^<]*)</a>', footer) == [
        ("/accessibilite/", "Accessibilité : non conforme"),
        ("/mentions-legales/", "Mentions légales"),
        ("/donnees-personnelles/", "Données personnelles"),
        ("/conditions-d-utilisation/", "Conditions d'utilisation"),
    ]


def test_terms_page_shows_the_version_in_force(client, settings):
    settings.TERMS_VERSION = "2026-11-01"

    html = client.get("/conditions-d-utilisation/").content.decode()

    assert '<p class="fr-text--sm" data-testid="terms-version">Version en vigueur : 2026-11-01</p>' in html
    assert "nouvelle version vous est présentée" in html


@pytest.mark.parametrize(
    ("path", "phrase"),
    [
        ("/mentions-legales/", "Compte inclusion est un service public numérique"),
        ("/donnees-personnelles/", "un seul compte pour les services de l'inclusion"),
        ("/accessibilite/", "Compte inclusion est non conforme"),
    ],
)
def test_legal_page_speaks_of_compte_inclusion(client, path, phrase):
    html = client.get(path).content.decode()

    assert phrase in html
