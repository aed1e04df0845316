"""The generated demo catalogue looks like the real Marché: real places, coherent sectors,
descriptions and offers written for those sectors, safe contact details."""

import pytest
from stdnum.fr import siret as stdnum_siret

from marche.core import catalogue
from marche.core.catalogue_content import GROUPS
from marche.suppliers.models import Supplier

from .catalogue_support import load_big_communes

pytestmark = pytest.mark.django_db

SIZE = 120


@pytest.fixture
def generated():
    load_big_communes()
    report = catalogue.generate(SIZE)
    return report, list(
        Supplier.objects.filter(pk__in=report.created_ids)
        .select_related("commune__department", "logo")
        .prefetch_related(
            "activities__sectors__group",
            "activities__perimeter_communes",
            "activities__perimeter_departments",
            "activities__perimeter_regions",
            "offers",
        )
    )


def test_each_supplier_has_sectors_of_one_group_and_text_written_for_that_group(generated):
    report, suppliers = generated
    assert report.created == SIZE
    assert len(suppliers) == SIZE
    for supplier in suppliers:
        groups = {sector.group.name for a in supplier.activities.all() for sector in a.sectors.all()}
        assert len(groups) == 1, supplier.name
        content = GROUPS[groups.pop()]
        description = supplier.description
        assert any(sentence in description for sentence in content["sentences"]), supplier.name
        other_groups = [g for g in GROUPS.values() if g is not content]
        assert not any(s in description for g in other_groups for s in g["sentences"]), supplier.name
        offers = {(o.title, o.description) for o in supplier.offers.all()}
        assert offers
        assert offers <= set(content["offers"])


def test_kinds_of_service_fit_the_structure_kind(generated):
    _, suppliers = generated
    for supplier in suppliers:
        for activity in supplier.activities.all():
            if supplier.kind in catalogue.LENDING_KINDS:
                assert activity.service_kinds[0] == "DISP"
            else:
                assert "DISP" not in activity.service_kinds
                assert activity.service_kinds[0] == "PREST"


def test_sirets_are_valid_and_in_the_reserved_range(generated):
    _, suppliers = generated
    sirets = [s.siret for s in suppliers]
    assert sorted(sirets) == sorted(catalogue.siret_for(i) for i in range(SIZE))
    for siret in sirets:
        assert stdnum_siret.is_valid(siret)
        assert catalogue.is_catalogue_siret(siret)
    assert not catalogue.is_catalogue_siret("90000002700012")


def test_contacts_use_reserved_domains_only(generated):
    _, suppliers = generated
    for supplier in suppliers:
        assert supplier.contact_email.split("@")[1].endswith(".example.org")
        assert supplier.website == "" or supplier.website.split("/")[2].endswith(".example.org")
        assert supplier.contact_phone.startswith("01 99 00 ")


def test_suppliers_sit_on_real_communes_with_a_consistent_perimeter(generated):
    _, suppliers = generated
    for supplier in suppliers:
        assert supplier.commune is not None
        assert (supplier.latitude, supplier.longitude) == (supplier.commune.latitude, supplier.commune.longitude)
        assert supplier.postal_code in supplier.commune.postal_codes.split()
        activities = list(supplier.activities.all())
        assert 1 <= len(activities) <= 2
        for activity in activities:
            communes = [c.insee for c in activity.perimeter_communes.all()]
            departments = [d.code for d in activity.perimeter_departments.all()]
            regions = [r.code for r in activity.perimeter_regions.all()]
            if activity.perimeter_kind == "radius":
                assert activity.perimeter_radius_km > 0
            else:
                assert activity.perimeter_radius_km is None
            if activity.perimeter_kind == "communes":
                assert supplier.commune_id in communes
                assert {c.department_id for c in activity.perimeter_communes.all()} == {supplier.commune.department_id}
            else:
                assert communes == []
            if activity.perimeter_kind == "departments":
                assert supplier.commune.department_id in departments
            else:
                assert departments == []
            if activity.perimeter_kind == "regions":
                assert regions == [supplier.commune.department.region_id]
            else:
                assert regions == []


def test_some_suppliers_have_a_second_activity_listing_nearby_communes(generated):
    _, suppliers = generated
    second = [list(s.activities.all())[1] for s in suppliers if len(s.activities.all()) == 2]

    assert 5 <= len(second) <= SIZE // 2
    assert {a.perimeter_kind for a in second} == {"communes"}


def test_certification_follows_the_rule_and_some_suppliers_are_not_certified(generated):
    from marche.suppliers.certification import is_certified

    _, suppliers = generated
    for supplier in suppliers:
        assert supplier.certified == is_certified(supplier)
    certified = sum(s.certified for s in suppliers)
    assert 0 < certified < SIZE


def test_logos_are_valid_shared_images(generated):
    from PIL import Image

    from marche.suppliers.logos import validate_logo

    report, suppliers = generated
    logos = {s.logo for s in suppliers if s.logo}
    assert len(logos) == report.logos_created
    assert len(logos) < sum(1 for s in suppliers if s.logo)  # shared, not one per supplier
    for logo in list(logos)[:5]:
        with logo.file.open("rb") as f:
            assert validate_logo(f) == "PNG"
            f.seek(0)
            assert Image.open(f).size == (catalogue.LOGO_SIZE, catalogue.LOGO_SIZE)
