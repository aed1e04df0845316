"""Migration suppliers.0006: every existing profile becomes one activity with its sectors,
kinds of service and perimeter."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("suppliers", "0005_supplier_version"), ("geography", "0001_initial"), ("sectors", "0002_load_taxonomy")]
AFTER = [("suppliers", "0006_activities")]


def test_each_profile_becomes_one_activity_with_its_sectors_services_and_perimeter():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Region, Department = old.get_model("geography", "Region"), old.get_model("geography", "Department")
    Supplier, Sector = old.get_model("suppliers", "Supplier"), old.get_model("sectors", "Sector")
    region = Region.objects.create(code="84", name="Auvergne-Rhône-Alpes")
    Department.objects.create(code="69", name="Rhône", region=region)
    listed = Supplier.objects.create(
        siret="1", slug="a", name="A", kind="EI", service_kinds=["PREST"], perimeter_kind="departments"
    )
    listed.sectors.set(Sector.objects.filter(slug__in=["menuiserie", "blanchisserie"]))
    listed.perimeter_departments.set(["69"])
    Supplier.objects.create(
        siret="2", slug="b", name="B", kind="EI", service_kinds=[], perimeter_kind="radius", perimeter_radius_km=40
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Activity = new.get_model("suppliers", "Activity")

    a, b = Activity.objects.order_by("supplier__siret")
    assert (a.supplier.siret, a.service_kinds, a.perimeter_kind) == ("1", ["PREST"], "departments")
    assert sorted(a.sectors.values_list("slug", flat=True)) == ["blanchisserie", "menuiserie"]
    assert list(a.perimeter_departments.values_list("code", flat=True)) == ["69"]
    assert (b.supplier.siret, b.perimeter_kind, b.perimeter_radius_km, b.sectors.count()) == ("2", "radius", 40, 0)

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
