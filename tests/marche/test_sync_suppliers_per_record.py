"""Rules of sync_suppliers on one page of the directory (the part after the HTTP call):
a bad record is reported and skipped, the others applied, the position moves past it
(never stuck); three structures with the same name never collide on their slug."""

import uuid

import pytest

from marche.suppliers.directory import SyncReport, apply_page
from marche.suppliers.models import DirectorySync, Supplier

pytestmark = pytest.mark.django_db


def record(siret, name="Les Jardins", updated_at="2026-01-02T10:00:00+00:00", **extra):
    return {
        "id": str(uuid.uuid4()), "siret": siret, "name": name, "kind": "EI", "is_active": True,
        "convention_end_date": None, "address": "", "postal_code": "", "commune_insee": "",
        "updated_at": updated_at, **extra,
    }  # fmt: skip


def test_three_structures_with_the_same_name_and_siret_tail_get_distinct_slugs():
    state = DirectorySync.objects.create(pk=1)
    report = SyncReport()

    apply_page([record("11111111100019"), record("22222222200019"), record("33333333300019")], state, report)

    assert report.errors == []
    assert sorted(Supplier.objects.values_list("slug", flat=True)) == [
        "les-jardins",
        "les-jardins-00019",
        "les-jardins-00019-2",
    ]


def test_a_bad_record_is_reported_the_others_applied_and_the_position_moves_on():
    state = DirectorySync.objects.create(pk=1)
    report = SyncReport()
    page = [
        record("11111111100019", name="Avant"),
        record("22222222200019", name="Avec\x00nul", updated_at="2026-01-03T10:00:00+00:00"),
        record("33333333300019", name="Sans type", kind=None),
        record("44444444400019", name="Après", updated_at="2026-01-04T10:00:00+00:00"),
    ]

    apply_page(page, state, report)

    assert sorted(Supplier.objects.values_list("name", flat=True)) == ["Après", "Avant"]
    assert len(report.errors) == 2
    assert report.errors[0].startswith("structure 22222222200019 « Avec")
    assert "champ name invalide" in report.errors[0]
    assert report.errors[1].startswith("structure 33333333300019 « Sans type » :")
    state.refresh_from_db()
    assert state.last_change_seen.isoformat() == "2026-01-04T10:00:00+00:00"
