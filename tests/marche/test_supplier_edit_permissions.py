"""Members of the SIAE's organisation edit its profile; nobody else does."""

import pytest

from .factories import SupplierFactory, UserFactory, buyer, member_of

pytestmark = pytest.mark.django_db


def form_data(supplier, **extra):
    data = {
        "name": supplier.name, "brand": "", "address": "", "postal_code": "", "commune": "", "commune_insee": "", "description": "",
        "contact_name": "", "contact_email": "", "contact_phone": "", "website": "",
        "version": str(supplier.version),
        "activities-TOTAL_FORMS": "0", "activities-INITIAL_FORMS": "0", "offers-TOTAL_FORMS": "0", "offers-INITIAL_FORMS": "0", "references-TOTAL_FORMS": "0", "references-INITIAL_FORMS": "0",
    }  # fmt: skip
    data.update(extra)
    return data


def test_a_member_of_the_siae_edits_its_profile(client):
    supplier = SupplierFactory()
    client.force_login(member_of(supplier))

    response = client.post(f"/tableau-de-bord/{supplier.slug}/", form_data(supplier, brand="Nouvelle enseigne"))

    assert response.status_code == 302
    supplier.refresh_from_db()
    assert supplier.brand == "Nouvelle enseigne"


def test_a_member_of_another_organization_cannot_see_or_edit_the_profile(client):
    supplier, other = SupplierFactory(), SupplierFactory()
    client.force_login(member_of(other))

    assert client.get(f"/tableau-de-bord/{supplier.slug}/").status_code == 404
    assert client.post(f"/tableau-de-bord/{supplier.slug}/", form_data(supplier, brand="Piratée")).status_code == 404
    supplier.refresh_from_db()
    assert supplier.brand == ""


def test_a_buyer_cannot_edit_a_profile(client):
    supplier = SupplierFactory()
    client.force_login(buyer())

    assert client.post(f"/tableau-de-bord/{supplier.slug}/", form_data(supplier, brand="X")).status_code == 404


def test_an_anonymous_visitor_is_sent_to_login(client):
    supplier = SupplierFactory()

    response = client.get(f"/tableau-de-bord/{supplier.slug}/")

    assert response.status_code == 302
    assert "/oidc/authenticate/" in response["Location"]


def test_siret_kind_and_convention_cannot_be_changed_through_the_form(client):
    supplier = SupplierFactory(kind="EI")
    client.force_login(member_of(supplier))

    client.post(
        f"/tableau-de-bord/{supplier.slug}/",
        form_data(supplier, siret="11111111111111", kind="ACI", convention_end_date="2099-01-01", certified="on"),
    )

    before = supplier.convention_end_date
    supplier.refresh_from_db()
    assert (supplier.kind, supplier.convention_end_date, supplier.certified) == ("EI", before, False)
    assert supplier.siret != "11111111111111"


def test_a_person_with_several_structures_picks_the_one_to_edit(client):
    first, second = SupplierFactory(name="Alpha"), SupplierFactory(name="Bêta")
    user = UserFactory(
        organizations=[
            {
                "id": str(first.organization_id),
                "siret": first.siret,
                "kind": "EI",
                "name": "Alpha",
                "is_admin": True,
                "is_active": True,
                "verified": True,
            },
            {
                "id": str(second.organization_id),
                "siret": second.siret,
                "kind": "EI",
                "name": "Bêta",
                "is_admin": False,
                "is_active": True,
                "verified": True,
            },
        ]
    )
    client.force_login(user)

    page = client.get("/tableau-de-bord/").content.decode()

    assert f"/tableau-de-bord/{first.slug}/" in page and f"/tableau-de-bord/{second.slug}/" in page


def test_a_member_with_one_structure_goes_straight_to_its_profile(client):
    supplier = SupplierFactory()
    client.force_login(member_of(supplier))

    assert client.get("/tableau-de-bord/")["Location"] == f"/tableau-de-bord/{supplier.slug}/"
