"""Every page of the Marché has the header navigation (current entry marked), a skip link
to the content, and a footer linking the four legal pages, which exist and hold real text."""

import re

import pytest
from django.core.management import call_command

from marche.home.models import HelpCentrePage, HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False
    return HomePage.objects.get()


def nav_links(html: str) -> list[tuple[str, str, str]]:
    """(label, href, aria-current) of each main navigation link."""
    return [
        (label.strip(), href, current)
        for href, current, label in re.findall(
            r'<a class="fr-nav__link" href="([^"]*)"(?: aria-current="([^"]*)")?>([^<]*)</a>', html
        )
    ]


def test_marche_navigation_lists_search_needs_help_and_dashboard(client, demo):
    html = client.get("/").content.decode()

    assert nav_links(html) == [
        ("Rechercher", "/recherche/", ""),
        ("Besoins d&#x27;achat", "/besoins/", ""),
        ("Aide", "/aide/", ""),
        ("Tableau de bord", "/tableau-de-bord/", ""),
    ]


def test_search_page_is_marked_current_in_the_navigation(client, demo):
    html = client.get("/recherche/").content.decode()

    assert [(label, current) for label, _, current in nav_links(html) if current] == [("Rechercher", "page")]


def test_faq_page_marks_the_help_entry_as_current_section(client, demo):
    faq = HelpCentrePage.objects.get().get_children().live().first()

    html = client.get(faq.url).content.decode()

    assert [(label, current) for label, _, current in nav_links(html) if current] == [("Aide", "true")]


def test_skip_link_targets_the_main_content_which_can_take_focus(client, demo):
    html = client.get("/").content.decode()

    assert '<a class="fr-link" href="#contenu">Contenu</a>' in html
    assert re.search(r'<main id="contenu"[^>]*tabindex="-1"', html)


FOOTER = [
    ("/accessibilite/", "Accessibilité : non conforme"),
    ("/mentions-legales/", "Mentions légales"),
    ("/donnees-personnelles/", "Données personnelles"),
    ("/conditions-d-utilisation/", "Conditions d'utilisation"),
]


def test_footer_links_the_four_legal_pages(client, demo):
    for path in ["/", "/recherche/", "/aide/", "/mentions-legales/"]:
        html = client.get(path).content.decode()
        footer = html[html.index('id="pied-de-page"') :]

        found = re.findall(r'<a class="fr-footer__bottom-link" href="([^"]*)">([^<]*)</a>', footer)

        assert found == FOOTER, path


@pytest.mark.parametrize(
    ("path", "heading", "phrase"),
    [
        ("/mentions-legales/", "Mentions légales", "Délégation générale à l'emploi"),
        ("/donnees-personnelles/", "Données personnelles", "Vos droits"),
        ("/conditions-d-utilisation/", "Conditions générales d'utilisation", "coordonnées"),
        ("/accessibilite/", "Déclaration d'accessibilité", "Ce qui n'est pas encore vérifié"),
    ],
)
def test_legal_page_has_its_content_on_the_marche(client, path, heading, phrase):
    response = client.get(path)

    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in html
    assert phrase in html
    assert "lorem" not in html.lower()


def test_accessibility_statement_states_non_conformity_and_what_is_not_checked(client):
    html = client.get("/accessibilite/").content.decode()

    state = re.search(r'data-testid="accessibility-state">(.*?)</p>', html, re.S).group(1)
    assert "non conforme" in state and "aucun audit" in state
    assert "lecteurs d'écran" in html


def test_home_page_leads_to_the_search_page_and_the_help_centre_besides_its_search_box(client, demo):
    html = client.get("/").content.decode()
    main = html[html.index('<main id="contenu"') : html.index("</main>")]

    assert re.search(
        r'<a class="fr-btn fr-btn--secondary" href="/recherche/"[^>]*>Parcourir tous les fournisseurs</a>', main
    )
    assert 'href="/aide/"' in main
