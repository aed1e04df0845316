"""The filters are one DSFR modal on narrow screens (opened by a button, closed by « Voir N
résultats »), the same markup in the page elsewhere: no inline script or style (CSP)."""

import re

import pytest

from tests.marche.search_page_support import geography, supplier

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client):
    geography()
    for n in range(3):
        supplier(f"9000000000000{n}", f"Menuiserie {n}", "69123")
    return client.get("/recherche/", {"q": "menuiserie", "certified": ""}).content.decode()


def test_the_filters_sit_in_a_dsfr_modal_with_its_opener(page):
    assert '<dialog id="filtres" class="fr-modal search-filters" role="dialog" aria-labelledby="filtres-titre">' in page
    assert re.search(
        r'<button type="button" class="[^"]*search-filters__open" id="ouvrir-filtres" aria-controls="filtres" data-fr-opened="false">Filtres</button>',
        page,
    )
    assert '<h2 class="fr-h5" id="filtres-titre">Filtres</h2>' in page


def test_the_modal_button_says_how_many_results_and_closes_it(page):
    assert (
        '<button class="fr-btn" type="submit" id="voir-resultats" aria-controls="filtres">Voir 3 résultats</button>'
        in page
    )
    assert 'id="nombre-resultats" data-total="3"' in page


def test_the_opener_counts_the_active_filters(client):
    geography()
    content = client.get("/recherche/", {"certified": "true", "kind": "EI"}).content.decode()

    assert "Filtres (2 actifs)</button>" in content
    assert "Voir 0 résultat</button>" in content


def test_the_filters_are_inside_the_form_so_they_work_without_javascript(page):
    form = page[page.index('<form method="get"') : page.index("</form>")]
    assert '<dialog id="filtres"' in form
    assert 'name="certified"' in form[form.index('<dialog id="filtres"') :]


def test_no_inline_script_or_style_on_the_page(page):
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert " style=" not in page
    assert "<style" not in page
