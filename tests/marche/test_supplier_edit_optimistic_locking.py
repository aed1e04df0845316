"""Rule: two members editing the same profile at once: the second save, based on an old
version, is refused with a French message naming what changed; nothing is written and
the form keeps what the person typed."""

import pytest

from marche.suppliers.models import Supplier

from .factories import SupplierFactory, member_of
from .test_supplier_edit_permissions import form_data

pytestmark = pytest.mark.django_db


def test_a_save_based_on_an_old_version_is_refused_and_keeps_what_was_typed(client):
    supplier = SupplierFactory(brand="Avant")
    url = f"/tableau-de-bord/{supplier.slug}/"
    first, second = member_of(supplier), member_of(supplier)
    # Both open the form on version 1.
    seen_by_second = form_data(supplier)

    client.force_login(first)
    assert client.post(url, form_data(supplier, brand="Enseigne de la première")).status_code == 302
    saved = Supplier.objects.get(pk=supplier.pk)

    client.force_login(second)
    response = client.post(url, {**seen_by_second, "brand": "Enseigne de la seconde", "contact_name": "Léa"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Quelqu&#x27;un a enregistré cette fiche pendant que vous la modifiiez" in content
    assert "diffère de votre saisie sur : Enseigne, Nom du contact." in content
    assert 'value="Enseigne de la seconde"' in content
    assert 'value="Léa"' in content
    after = Supplier.objects.get(pk=supplier.pk)
    assert (after.brand, after.contact_name, after.version) == ("Enseigne de la première", "", saved.version)
    assert saved.version == 2
    # The re-rendered form is based on the saved version: confirming the input is a deliberate save.
    assert f'name="version" value="{saved.version}"' in content


def test_confirming_after_a_refused_stale_save_applies_the_input(client):
    supplier = SupplierFactory()
    url = f"/tableau-de-bord/{supplier.slug}/"
    client.force_login(member_of(supplier))
    stale = form_data(supplier, brand="Seconde")
    client.post(url, form_data(supplier, brand="Première"))

    assert client.post(url, stale).status_code == 200
    assert client.post(url, {**stale, "version": "2"}).status_code == 302

    after = Supplier.objects.get(pk=supplier.pk)
    assert (after.brand, after.version) == ("Seconde", 3)


def test_each_member_save_bumps_the_version(client):
    supplier = SupplierFactory()
    client.force_login(member_of(supplier))

    client.post(f"/tableau-de-bord/{supplier.slug}/", form_data(supplier, brand="Une"))

    assert Supplier.objects.get(pk=supplier.pk).version == supplier.version + 1
