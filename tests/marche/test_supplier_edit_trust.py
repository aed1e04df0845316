"""Who may edit a supplier profile: only active members of the SIAE's own organisation,
by its public ID and through an organisation of a supplier kind; never by SIRET."""

import uuid

import pytest

from marche.suppliers import selectors
from marche.suppliers.models import Supplier

from .factories import SupplierFactory, UserFactory, buyer, member_of, organization_claim
from .test_supplier_edit_permissions import form_data

pytestmark = pytest.mark.django_db

SNAPSHOT_FIELDS = ["name", "brand", "contact_email", "contact_phone", "description", "website", "version"]


def snapshot(supplier):
    return Supplier.objects.filter(pk=supplier.pk).values(*SNAPSHOT_FIELDS).get()


def assert_cannot_open_or_post(client, supplier):
    before = snapshot(supplier)
    edit_url = f"/tableau-de-bord/{supplier.slug}/"

    assert client.get(edit_url).status_code == 404
    posted = client.post(edit_url, form_data(supplier, brand="Piratée", contact_email="pirate@exemple.fr"))
    assert posted.status_code == 404
    assert snapshot(supplier) == before
    assert client.get("/tableau-de-bord/").status_code == 200  # the dashboard lists nothing to edit
    assert f"/tableau-de-bord/{supplier.slug}/" not in client.get("/tableau-de-bord/").content.decode()
    assert "Modifier la fiche" not in client.get(f"/fournisseurs/{supplier.slug}/").content.decode()


def test_buyer_with_siae_siret_cannot_edit_supplier(client):
    supplier = SupplierFactory(contact_email="contact@siae.fr")
    client.force_login(buyer(siret=supplier.siret))

    assert_cannot_open_or_post(client, supplier)


def test_orienteur_with_siae_siret_cannot_edit_supplier(client):
    supplier = SupplierFactory()
    client.force_login(UserFactory(organizations=[organization_claim(kind="OTHER_PRESCRIBER", siret=supplier.siret)]))

    assert_cannot_open_or_post(client, supplier)


@pytest.mark.parametrize("kind", ["FT", "PARTNER", "BUYER"])
def test_other_kinds_with_the_siae_public_id_cannot_edit_supplier(client, kind):
    # Even a forged claim carrying the SIAE's public ID gives nothing through another kind.
    supplier = SupplierFactory()
    claim = organization_claim(kind=kind, siret=supplier.siret, id=str(supplier.organization_id))
    client.force_login(UserFactory(organizations=[claim]))

    assert_cannot_open_or_post(client, supplier)


def test_siae_member_with_the_same_siret_but_another_public_id_cannot_edit_supplier(client):
    supplier = SupplierFactory()
    client.force_login(UserFactory(organizations=[organization_claim(kind="EI", siret=supplier.siret)]))

    assert_cannot_open_or_post(client, supplier)


def test_supplier_not_linked_to_an_organization_is_edited_by_nobody(client):
    supplier = SupplierFactory(organization_id=None)
    client.force_login(UserFactory(organizations=[organization_claim(kind="EI", siret=supplier.siret)]))

    assert_cannot_open_or_post(client, supplier)


def test_inactive_membership_gives_no_right(client):
    supplier = SupplierFactory()
    claim = organization_claim(kind="EI", siret=supplier.siret, id=str(supplier.organization_id), is_active=False)
    client.force_login(UserFactory(organizations=[claim]))

    assert_cannot_open_or_post(client, supplier)


def test_malformed_claims_give_no_right_and_no_error(client):
    supplier = SupplierFactory()
    client.force_login(UserFactory(organizations=[{"id": "pas-un-uuid", "kind": "EI", "is_active": True}, "x", 3]))

    assert_cannot_open_or_post(client, supplier)


def test_member_of_the_siae_organization_edits_by_public_id(client):
    supplier = SupplierFactory()
    client.force_login(member_of(supplier))

    response = client.post(f"/tableau-de-bord/{supplier.slug}/", form_data(supplier, brand="Nouvelle enseigne"))

    assert response.status_code == 302
    assert snapshot(supplier)["brand"] == "Nouvelle enseigne"


def test_only_the_selectors_read_the_persons_organizations():
    # One home for "who may edit" and "who sees contacts": no other module of the Marché
    # reads the organisations claim (the users app only stores it at login).
    from pathlib import Path

    import marche

    root = Path(marche.__file__).parent
    readers = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if ".organizations" in path.read_text(encoding="utf-8") and "migrations" not in path.parts
    )
    assert readers == ["suppliers/selectors.py", "users/services.py"]


def test_can_edit_agrees_with_editable_suppliers():
    supplier, other = SupplierFactory(), SupplierFactory()
    member = member_of(supplier)

    assert selectors.can_edit(member, supplier) is True
    assert selectors.can_edit(member, other) is False
    assert selectors.can_edit(buyer(siret=supplier.siret), supplier) is False
    assert (
        selectors.editable_suppliers(
            UserFactory(organizations=[organization_claim(kind="EI", id=str(uuid.uuid4()))])
        ).count()
        == 0
    )
