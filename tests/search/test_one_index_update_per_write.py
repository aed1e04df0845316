"""No signals: each write that changes what buyers see makes exactly one index update,
whatever it touched, and an import line saves its profile once."""

from uuid import uuid4

import pytest
from django.db.models.signals import post_save

from marche.suppliers import imports, services
from marche.suppliers.models import Supplier
from search.elasticsearch.node import free_port
from search.engines import get_engine
from search.models import IndexChange
from search.query import SupplierQuery
from tests.marche.factories import image_file, member_of
from tests.marche.test_import_suppliers import row, write
from tests.marche.test_supplier_edit_permissions import form_data

from .conftest import make_supplier

pytestmark = pytest.mark.django_db


@pytest.fixture
def index_updates(settings):
    """Elasticsearch configured (but never reached: nothing is committed in a test), so
    every index update leaves one IndexChange row per supplier."""
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"
    IndexChange.objects.all().delete()
    return lambda supplier: IndexChange.objects.filter(supplier_id=supplier.pk).count()


@pytest.fixture
def saves():
    counted = []

    def count(sender, instance, **kwargs):
        counted.append(instance.pk)

    post_save.connect(count, sender=Supplier)
    yield counted
    post_save.disconnect(count, sender=Supplier)


def test_one_profile_edit_with_offers_references_and_logo_makes_one_index_update(
    client, geography, index_updates, saves
):
    supplier = make_supplier("7", "Menuiserie Éditée", "69383", perimeter=("national", None), organization_id=uuid4())
    IndexChange.objects.all().delete()
    saves.clear()
    client.force_login(member_of(supplier))

    response = client.post(
        f"/tableau-de-bord/{supplier.slug}/",
        {
            **form_data(supplier, brand="Bois & Cie", description="Meubles sur mesure"),
            "logo_file": image_file(),
            "offers-TOTAL_FORMS": "1",
            "offers-0-title": "Cuisines en chêne",
            "references-TOTAL_FORMS": "1",
            "references-0-client_name": "Mairie de Lyon",
        },
    )

    assert response.status_code == 302
    assert index_updates(supplier) == 1
    assert saves == [supplier.pk]
    hit = get_engine("database").search(SupplierQuery(text="cuisines chene")).hits[0]
    assert (hit.name, hit.brand) == ("Menuiserie Éditée", "Bois & Cie")
    assert hit.logo_url.startswith("/images/")


def test_moderation_hide_and_show_each_make_one_index_update(geography, index_updates):
    supplier = make_supplier("7", "Menuiserie Modérée", "69383")
    IndexChange.objects.all().delete()

    services.hide_supplier(supplier, "Signalement")
    assert index_updates(supplier) == 1
    assert get_engine("database").search(SupplierQuery(text="moderee")).hits == []

    services.unhide_supplier(supplier)
    assert index_updates(supplier) == 2
    assert [h.name for h in get_engine("database").search(SupplierQuery(text="moderee")).hits] == ["Menuiserie Modérée"]


def supplier_writes(queries) -> list[str]:
    """The statements that wrote the suppliers' table itself (not its relations)."""
    return [
        q["sql"].split()[0]
        for q in queries
        if q["sql"].startswith(('INSERT INTO "suppliers_supplier" ', 'UPDATE "suppliers_supplier" '))
    ]


def test_an_import_writes_each_profile_once_and_updates_the_index_once_per_batch(
    tmp_path, geography, index_updates, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search import index

    calls = []
    real = index.changed
    monkeypatch.setattr(index, "changed", lambda ids: (calls.append(sorted(ids)), real(ids)))
    path = write(
        tmp_path,
        [
            row(siret="90000001900019", name="Les Jardins", sectors="", city_insee="69383"),
            row(siret="73282932000074", name="Le Potager", sectors="", city_insee="69383"),
        ],
    )

    with CaptureQueriesContext(connection) as first:
        report = imports.import_file(path)
    with CaptureQueriesContext(connection) as again:
        imports.import_file(path)

    ids = sorted(Supplier.objects.filter(siret__in=["90000001900019", "73282932000074"]).values_list("pk", flat=True))
    assert (report.created, report.errors) == (2, [])
    assert supplier_writes(first.captured_queries) == ["INSERT"]  # both new profiles, one statement
    assert supplier_writes(again.captured_queries) == ["UPDATE", "UPDATE"]  # once each
    assert calls == [ids, ids]  # one index update per import (one batch)
    assert [h.name for h in get_engine("database").search(SupplierQuery(text="potager")).hits] == ["Le Potager"]


def test_a_certification_refresh_updates_the_index_of_the_changed_profiles_only(geography, index_updates):
    supplier = make_supplier("7", "Menuiserie Certifiée", "69383", certified=True)
    other = make_supplier("8", "Menuiserie Tranquille", "69383")
    IndexChange.objects.all().delete()

    assert services.refresh_all_certifications() == 1  # no convention, no logo: no longer certified

    assert (index_updates(supplier), index_updates(other)) == (1, 0)
    hit = get_engine("database").search(SupplierQuery(text="certifiee")).hits[0]
    assert hit.certified is False


def test_an_admin_edit_goes_through_the_profile_service_and_updates_the_index_once(client, geography, index_updates):
    from tests.marche.factories import UserFactory

    supplier = make_supplier("7", "Menuiserie Administrée", "69383")
    IndexChange.objects.all().delete()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(
        f"/admin/supplier_admin/edit/{supplier.pk}/", {"name": "Menuiserie Renommée", "brand": "<b>Bois</b>"}
    )

    assert response.status_code == 302
    assert index_updates(supplier) == 1
    hit = get_engine("database").search(SupplierQuery(text="renommee")).hits[0]
    assert (hit.id, hit.name) == (supplier.pk, "Menuiserie Renommée")


def test_an_editor_renaming_a_sector_updates_its_suppliers_in_the_index(client, catalogue):
    from marche.sectors.models import Sector
    from tests.marche.factories import UserFactory

    sector = Sector.objects.get(slug="menuiserie")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(
        f"/admin/snippets/sectors/sector/edit/{sector.pk}/",
        {
            "group": sector.group_id,
            "label": "Ébénisterie",
            "slug": sector.slug,
            "description": "",
            "icon": "",
        },
    )

    assert response.status_code == 302
    hits = get_engine("database").search(SupplierQuery(text="ebenisterie")).hits
    assert [(h.name, h.sector_labels) for h in hits] == [("Menuiserie de l'Élan", ["Ébénisterie"])]
