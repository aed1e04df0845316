"""The Wagtail supplier listing and inspect view speak French (labels, Oui/Non, the names of
the kinds of service) and lead to the moderation page."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.html import strip_tags

from marche.sectors.models import Sector

from .factories import ActivityFactory, SupplierFactory, UserFactory

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """What a person reads: the page without tags, blanks squeezed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", strip_tags(html))


@pytest.fixture
def moderator(client):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Modérateurs"))
    client.force_login(user)
    return user


@pytest.fixture
def supplier():
    supplier = SupplierFactory(
        name="Atelier Visible",
        certified=True,
        is_active=True,
        hidden_at=None,
        convention_end_date=timezone.localdate() + timedelta(days=100),
    )
    ActivityFactory(
        supplier=supplier,
        sectors=[Sector.objects.get(slug="menuiserie")],
        service_kinds=["DISP", "PREST"],
        perimeter_kind="national",
        perimeter_radius_km=None,
    )
    return supplier


def test_supplier_listing_shows_french_yes_no_and_no_raw_values(client, moderator, supplier):
    SupplierFactory(name="Entreprise Masquée", certified=False, is_active=False, hidden_at=timezone.now())

    response = client.get("/admin/supplier_admin/")

    assert response.status_code == 200
    text = text_of(response)
    for label in ("Certifié", "Active", "Masqué de la recherche"):
        assert label in text
    rows = {
        name: re.search(re.escape(name) + r"(.*?)(?=Atelier Visible|Entreprise Masquée|$)", text).group(1)
        for name in ("Atelier Visible", "Entreprise Masquée")
    }
    assert re.findall(r"\b(Oui|Non)\b", rows["Atelier Visible"]) == ["Oui", "Oui", "Non"]
    assert re.findall(r"\b(Oui|Non)\b", rows["Entreprise Masquée"]) == ["Non", "Non", "Oui"]
    for raw in ("True", "False", "None"):
        assert not re.search(rf"\b{raw}\b", text), raw


def test_each_listing_row_links_to_its_moderation_page(client, moderator, supplier):
    other = SupplierFactory(name="Autre Structure")

    html = client.get("/admin/supplier_admin/").content.decode()

    for s in (supplier, other):
        assert re.search(
            rf'<a [^>]*href="/admin/supplier_admin/{s.pk}/moderation/"[^>]*>\s*(<svg.*?</svg>)?\s*Modérer', html, re.S
        )


def test_supplier_inspect_view_shows_french_values_and_a_moderation_button(client, moderator, supplier):
    response = client.get(f"/admin/supplier_admin/inspect/{supplier.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    assert re.search(rf'href="/admin/supplier_admin/{supplier.pk}/moderation/"', html)
    assert "Modérer" in text
    assert (
        "Activités Menuiserie (types de prestation : Mise à disposition - Intérim, Prestation de service ; "
        "périmètre : France entière)"
    ) in text
    assert "Logo — " in text
    assert "Certifié Oui" in text
    assert "Active Oui" in text
    assert "Masqué le Non, visible dans la recherche" in text
    assert "Créé le " in text
    assert "Modifié le " in text
    for raw in ("True", "False", "None", "['DISP'", "DISP", "Created at", "Updated at"):
        assert raw not in text, raw


def test_supplier_listing_filters_by_department_with_a_french_label(client, moderator, supplier):
    text = text_of(client.get("/admin/supplier_admin/"))

    assert "Département" in text
    assert "department" not in text


def test_editor_without_moderation_right_sees_no_moderation_button(client, supplier):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Éditeurs"))
    client.force_login(editor)

    html = client.get("/admin/supplier_admin/").content.decode()

    assert "/moderation/" not in html
