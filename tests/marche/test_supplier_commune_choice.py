"""Rule: the supplier's commune is picked from the commune list (name or postal code);
a bare code is never silently reinterpreted: a postal code with several communes or an
INSEE code is refused in French with the choices, and nothing changes."""

import pytest

from marche.geography.models import Commune, Department, Region
from marche.suppliers.models import Supplier

from .factories import SupplierFactory, member_of
from .test_supplier_edit_permissions import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes():
    region = Region.objects.create(code="84", name="Auvergne-Rhône-Alpes")
    Department.objects.create(code="69", name="Rhône", region=region)
    Department.objects.create(code="01", name="Ain", region=region)
    lyon3 = Commune.objects.create(
        insee="69383",
        name="Lyon 3e Arrondissement",
        postal_codes="69003",
        department_id="69",
        latitude=45.76,
        longitude=4.85,
    )
    Commune.objects.create(
        insee="69999", name="Village du 69003", postal_codes="69003", department_id="69", latitude=45.7, longitude=4.8
    )
    bourg = Commune.objects.create(
        insee="01053", name="Bourg-en-Bresse", postal_codes="01000", department_id="01", latitude=46.2, longitude=5.22
    )
    return lyon3, bourg


def post(client, supplier, **fields):
    client.force_login(member_of(supplier))
    return client.post(f"/tableau-de-bord/{supplier.slug}/", form_data(supplier, brand="Gardée", **fields))


def assert_nothing_changed(supplier):
    after = Supplier.objects.get(pk=supplier.pk)
    assert (after.commune_id, after.latitude, after.brand) == (supplier.commune_id, supplier.latitude, "")


def test_a_postal_code_with_several_communes_is_refused_listing_them(client, communes):
    supplier = SupplierFactory(commune=communes[1], latitude=46.2, longitude=5.22)

    response = post(client, supplier, commune="69003", commune_insee="")

    content = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert (
        "Plusieurs communes ont le code postal 69003 : Lyon 3e Arrondissement (69003), Village du 69003 (69003). "
        "Choisissez la vôtre dans la liste." in content
    )
    assert 'value="69003"' in content and 'value="Gardée"' in content
    assert_nothing_changed(supplier)


def test_an_insee_code_typed_as_a_bare_code_is_refused(client, communes):
    supplier = SupplierFactory(commune=communes[1], latitude=46.2, longitude=5.22)

    response = post(client, supplier, commune="69383", commune_insee="")

    assert "Aucune commune n&#x27;a le code postal 69383" in response.content.decode()
    assert_nothing_changed(supplier)


def test_a_commune_picked_in_the_list_is_saved_with_its_coordinates(client, communes):
    supplier = SupplierFactory()

    response = post(client, supplier, commune="Lyon 3e Arrondissement (69003)", commune_insee="69383")

    assert response.status_code == 302
    after = Supplier.objects.get(pk=supplier.pk)
    assert (after.commune_id, after.latitude, after.longitude) == ("69383", 45.76, 4.85)


def test_a_postal_code_of_a_single_commune_designates_it(client, communes):
    supplier = SupplierFactory()

    assert post(client, supplier, commune="01000", commune_insee="").status_code == 302

    assert Supplier.objects.get(pk=supplier.pk).commune_id == "01053"


def test_the_form_shows_the_current_commune_by_name_and_postal_code(client, communes):
    supplier = SupplierFactory(commune=communes[0])
    client.force_login(member_of(supplier))

    content = client.get(f"/tableau-de-bord/{supplier.slug}/").content.decode()

    assert 'value="Lyon 3e Arrondissement (69003)"' in content
    assert 'name="commune_insee" value="69383"' in content
