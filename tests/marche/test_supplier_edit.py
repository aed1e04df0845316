import pytest

from marche.sectors.models import Sector
from marche.suppliers.models import Supplier

from .factories import SupplierFactory, image_file, member_of
from .test_supplier_edit_permissions import form_data

pytestmark = pytest.mark.django_db

LONG = " ".join(["insertion"] * 100)


def menuiserie():
    return Sector.objects.get(slug="menuiserie")


def test_a_form_error_keeps_what_was_typed(client):
    supplier = SupplierFactory()
    client.force_login(member_of(supplier))

    response = client.post(
        f"/tableau-de-bord/{supplier.slug}/",
        form_data(
            supplier,
            brand="Mon enseigne",
            contact_email="pas-une-adresse",
            **{"activities-TOTAL_FORMS": "1", "activities-0-sectors": [menuiserie().pk]},
            **{"activities-0-perimeter_kind": "radius", "activities-0-perimeter_radius_km": ""},
        ),
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="Mon enseigne"' in content
    assert "rayon d&#x27;intervention" in content or "rayon d'intervention" in content
    assert "votre saisie est conservée" in content


def test_uploading_a_logo_and_a_detailed_description_makes_the_badge_appear(client):
    supplier = SupplierFactory()
    client.force_login(member_of(supplier))

    client.post(
        f"/tableau-de-bord/{supplier.slug}/", {**form_data(supplier, description=LONG), "logo_file": image_file()}
    )

    supplier.refresh_from_db()
    assert supplier.certified
    assert 'data-testid="certified-badge"' in client.get(f"/fournisseurs/{supplier.slug}/").content.decode()


def test_an_svg_logo_is_refused_on_the_form_with_a_clear_message(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    supplier = SupplierFactory()
    client.force_login(member_of(supplier))

    response = client.post(
        f"/tableau-de-bord/{supplier.slug}/",
        {
            **form_data(supplier, brand="Gardée"),
            "logo_file": SimpleUploadedFile("l.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        },
    )

    assert (
        "SVG n&#x27;est pas accepté" in response.content.decode()
        or "SVG n'est pas accepté" in response.content.decode()
    )
    assert Supplier.objects.get(pk=supplier.pk).logo is None


def test_description_typed_with_html_is_escaped_and_stored_markup_is_whitelisted(client):
    supplier = SupplierFactory()
    client.force_login(member_of(supplier))

    client.post(
        f"/tableau-de-bord/{supplier.slug}/", form_data(supplier, description="<script>alert(1)</script>\n\nBonjour")
    )
    supplier.refresh_from_db()
    assert "<script>" not in supplier.description and "&lt;script&gt;" in supplier.description

    supplier.description = '<p onclick="x()">ok<script>alert(1)</script></p>'
    from marche.suppliers.services import save_profile

    save_profile(supplier)
    assert supplier.description == "<p>okalert(1)</p>"


def test_offers_and_client_references_are_saved(client):
    supplier = SupplierFactory()
    client.force_login(member_of(supplier))

    client.post(
        f"/tableau-de-bord/{supplier.slug}/",
        form_data(
            supplier,
            **{"offers-TOTAL_FORMS": "1", "offers-0-title": "Entretien d'espaces verts", "offers-0-description": "Tonte",
               "references-TOTAL_FORMS": "1", "references-0-client_name": "Ville de Lyon", "references-0-description": "2 ans"},
        ),
    )  # fmt: skip

    assert [o.title for o in supplier.offers.all()] == ["Entretien d'espaces verts"]
    assert [r.client_name for r in supplier.client_references.all()] == ["Ville de Lyon"]
