"""A supplier without a logo shows its initials in a tidy placeholder, in the search results
and on its profile; a supplier with a logo shows the logo."""

import pytest
from wagtail.images import get_image_model

from marche.suppliers.logos import initials
from tests.marche.factories import image_file
from tests.marche.search_page_support import geography, supplier

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Les Jardins du Lien", "JL"),
        ("L'Élan", "É"),
        ("atelier bois & compagnie", "AB"),
        ("Le Le", "LL"),
        ("  ", "?"),
        ("ESAT", "E"),
    ],
)
def test_initials_skip_small_words(name, expected):
    assert initials(name) == expected


@pytest.fixture
def suppliers():
    geography()
    plain = supplier("90000000000001", "Les Jardins du Lien", "69123")
    logo = get_image_model().objects.create(title="logo", file=image_file(name="logo.png"))
    with_logo = supplier("90000000000002", "Jardins avec logo", "69123", logo=logo)
    return plain, with_logo


def test_search_results_show_initials_only_for_suppliers_without_a_logo(client, suppliers):
    content = client.get("/recherche/", {"q": "jardins", "sort": "name"}).content.decode()

    cards = content.split('data-testid="result"')[1:]
    assert len(cards) == 2
    with_logo, plain = cards  # sorted by name: « Jardins avec logo », « Les Jardins du Lien »
    assert '<span class="supplier-initials" aria-hidden="true" data-testid="logo-initiales">JL</span>' in plain
    assert "<img" not in plain
    assert "supplier-initials" not in with_logo
    assert '<img class="fr-responsive-img" src="/images/' in with_logo


def test_the_profile_shows_initials_without_a_logo(client, suppliers):
    plain, with_logo = suppliers

    plain_page = client.get(plain.get_absolute_url()).content.decode()
    logo_page = client.get(with_logo.get_absolute_url()).content.decode()

    assert 'data-testid="logo-initiales">JL</span>' in plain_page
    assert "supplier-initials" not in logo_page
    assert 'alt="Logo de Jardins avec logo"' in logo_page
