"""The demo catalogue is created once: re-running it never overwrites or duplicates a row,
and the same seed always draws the same suppliers."""

import pytest
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model

from marche.core import catalogue
from marche.suppliers import services
from marche.suppliers.models import Offer, Supplier

from .catalogue_support import load_big_communes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def communes():
    load_big_communes()


def snapshot():
    return {
        s.siret: (s.name, s.brand, s.description, s.commune_id, s.kind, tuple(s.service_kind_labels()), s.logo_id,
                  tuple(s.sector_labels()), tuple(o.title for o in s.offers.all()),
                  tuple((a.perimeter_kind, a.perimeter_radius_km) for a in s.activities.all()))
        for s in Supplier.objects.prefetch_related("activities__sectors", "offers")
    }  # fmt: skip


def test_second_run_creates_nothing_and_changes_nothing():
    first = catalogue.generate(80)
    before = snapshot()
    images = get_image_model().objects.count()
    second = catalogue.generate(80)
    assert (first.created, first.existing) == (80, 0)
    assert (second.created, second.existing, second.logos_created, second.created_ids) == (0, 80, 0, [])
    assert snapshot() == before
    assert get_image_model().objects.count() == images


def test_a_locally_edited_supplier_is_not_overwritten_by_a_new_run():
    catalogue.generate(30)
    supplier = Supplier.objects.get(siret=catalogue.siret_for(7))
    supplier.name = "Ma structure modifiée"
    supplier.description = "<p>Texte écrit à la main.</p>"
    supplier.contact_email = "moi@exemple.test"
    services.save_profile(supplier)
    supplier.activities.all().delete()
    Offer.objects.filter(supplier=supplier).delete()

    report = catalogue.generate(30)

    supplier.refresh_from_db()
    assert report.created == 0
    assert supplier.name == "Ma structure modifiée"
    assert supplier.description == "<p>Texte écrit à la main.</p>"
    assert supplier.contact_email == "moi@exemple.test"
    assert supplier.activities.count() == 0
    assert supplier.offers.count() == 0
    assert Supplier.objects.filter(siret=catalogue.siret_for(7)).count() == 1


def test_growing_the_catalogue_only_adds_the_missing_suppliers_and_draws_them_as_a_single_run_would():
    catalogue.generate(20)
    small = snapshot()
    report = catalogue.generate(50)
    assert (report.created, report.existing) == (30, 20)
    grown = snapshot()
    assert {siret: grown[siret] for siret in small} == small

    ref = catalogue._Reference()
    for i in (0, 25, 49):
        a, b = catalogue.draft(i, ref), catalogue.draft(i, ref)
        stored = Supplier.objects.get(siret=catalogue.siret_for(i))
        assert (a.supplier.name, a.supplier.description, a.sector_ids) == (
            b.supplier.name,
            b.supplier.description,
            b.sector_ids,
        )
        assert (stored.name, stored.description, stored.commune_id) == (
            a.supplier.name,
            a.supplier.description,
            a.supplier.commune_id,
        )
        stored_sectors = stored.activities.values_list("sectors__id", flat=True)
        assert sorted(set(stored_sectors)) == sorted(a.sector_ids)


def test_another_seed_draws_other_suppliers_on_the_same_sirets():
    ref = catalogue._Reference()
    drawn = [catalogue.draft(i, ref, seed=1) for i in range(100, 110)]
    other = [catalogue.draft(i, ref, seed=2) for i in range(100, 110)]
    assert [d.supplier.siret for d in drawn] == [d.supplier.siret for d in other]
    assert [d.supplier.description for d in drawn] != [d.supplier.description for d in other]


def test_command_is_idempotent(capsys, settings):
    settings.DEBUG = True
    call_command("load_catalogue", "--suppliers", "25", "--no-logos", verbosity=0)
    call_command("load_catalogue", "--suppliers", "25", "--no-logos", verbosity=0)
    out = capsys.readouterr().out
    assert "25 fournisseur(s) créé(s), 0 déjà présent(s)" in out
    assert "0 fournisseur(s) créé(s), 25 déjà présent(s)" in out
    assert Supplier.objects.count() == 25
    assert not Supplier.objects.filter(logo__isnull=False).exists()


def test_command_refuses_outside_development_and_creates_nothing(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="qu'en développement"):
        call_command("load_catalogue", "--suppliers", "10", verbosity=0)
    assert Supplier.objects.count() == 0


@pytest.mark.parametrize("size", ["-1", str(catalogue.MAX_SUPPLIERS + 1)])
def test_command_refuses_a_size_out_of_the_reserved_range(size, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="--suppliers doit être compris"):
        call_command("load_catalogue", "--suppliers", size, verbosity=0)
    assert Supplier.objects.count() == 0
