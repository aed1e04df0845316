"""Members edit their activities on the profile form: several at once (a whole sector group
in one go), each with its own perimeter (listed communes too); bad input loses nothing;
an activity of another supplier cannot be reached through the form."""

import html

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marche.geography.models import Commune, Department, Region
from marche.sectors.models import Sector, SectorGroup
from marche.suppliers.models import Activity
from search.engines import get_engine
from search.query import SupplierQuery

from .factories import ActivityFactory, SupplierFactory, member_of
from .test_supplier_edit_permissions import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def communes():
    region = Region.objects.create(code="84", name="Auvergne-Rhône-Alpes")
    Department.objects.create(code="69", name="Rhône", region=region)
    for insee, name, postal in [("69266", "Villeurbanne", "69100"), ("69029", "Bron", "69500")]:
        Commune.objects.create(
            insee=insee, name=name, postal_codes=postal, department_id="69", latitude=45.7, longitude=4.9
        )


def activity_fields(index, **values) -> dict:
    base = {"sector_group": "", "sectors": [], "service_kinds": [], "perimeter_kind": "radius"}
    base.update(values)
    return {f"activities-{index}-{name}": value for name, value in base.items()}


def post(client, supplier, *forms, initial=0, **extra):
    data = form_data(supplier, **extra)
    data["activities-TOTAL_FORMS"] = str(len(forms))
    data["activities-INITIAL_FORMS"] = str(initial)
    for form in forms:
        data.update(form)
    return client.post(f"/tableau-de-bord/{supplier.slug}/", data)


def sector(slug) -> Sector:
    return Sector.objects.get(slug=slug)


def test_a_member_adds_two_activities_at_once_one_of_them_a_whole_sector_group(client):
    supplier = SupplierFactory()
    client.force_login(member_of(supplier))
    group = SectorGroup.objects.get(name="Entretien du linge")

    response = post(
        client,
        supplier,
        activity_fields(0, sector_group=group.pk, service_kinds=["PREST"], perimeter_radius_km="40"),
        activity_fields(
            1,
            sectors=[sector("menuiserie").pk],
            service_kinds=["BUILD"],
            perimeter_kind="communes",
            perimeter_communes="Villeurbanne (69100); Bron (69500)",
        ),
    )

    assert response.status_code == 302
    linen, woodwork = supplier.activities.order_by("pk")
    assert set(linen.sectors.all()) == set(group.sectors.all())
    assert (linen.perimeter_kind, linen.perimeter_radius_km, linen.service_kinds) == ("radius", 40, ["PREST"])
    assert list(woodwork.sectors.all()) == [sector("menuiserie")]
    assert sorted(woodwork.perimeter_communes.values_list("insee", flat=True)) == ["69029", "69266"]
    assert woodwork.perimeter_radius_km is None
    # Search knows at once (one index update at the end of the edit).
    hit = get_engine("database").search(SupplierQuery(sectors=("menuiserie",))).hits
    assert [h.id for h in hit] == [supplier.pk]
    assert "Blanchisserie" in supplier.sector_labels()
    assert supplier.service_kind_labels() == ["Prestation de service", "Fabrication et commercialisation de biens"]


def test_blank_extra_activities_as_the_page_renders_them_are_ignored(client):
    supplier = SupplierFactory()
    activity = ActivityFactory(supplier=supplier, sectors=[sector("menuiserie")], perimeter_radius_km=50)
    client.force_login(member_of(supplier))
    blank = {"sector_group": "", "perimeter_kind": "radius", "perimeter_radius_km": "", "perimeter_communes": ""}

    response = post(
        client,
        supplier,
        {
            **activity_fields(0, sectors=[sector("menuiserie").pk], perimeter_radius_km="60"),
            "activities-0-id": activity.pk,
        },
        {f"activities-1-{name}": value for name, value in blank.items()},
        {f"activities-2-{name}": value for name, value in blank.items()},
        initial=1,
    )

    assert response.status_code == 302
    assert list(supplier.activities.values_list("perimeter_radius_km", flat=True)) == [60]


def test_an_activity_without_a_sector_or_with_an_unknown_commune_is_refused_and_the_input_kept(client):
    supplier = SupplierFactory(brand="Avant")
    client.force_login(member_of(supplier))

    response = post(
        client,
        supplier,
        activity_fields(0, service_kinds=["PREST"], perimeter_radius_km="40"),
        activity_fields(
            1, sectors=[sector("menuiserie").pk], perimeter_kind="communes", perimeter_communes="Nullepart (99999)"
        ),
        brand="Après",
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Choisissez au moins un secteur" in content
    assert "Nullepart (99999)" in content  # what was typed stays
    assert "introuvable" in content or "Aucune commune" in content
    supplier.refresh_from_db()
    assert supplier.brand == "Avant"
    assert not Activity.objects.exists()


def test_listed_communes_perimeter_needs_at_least_one_commune(client):
    supplier = SupplierFactory()
    client.force_login(member_of(supplier))

    response = post(client, supplier, activity_fields(0, sectors=[sector("menuiserie").pk], perimeter_kind="communes"))

    assert response.status_code == 200
    assert "Choisissez au moins une commune." in response.content.decode()
    assert not Activity.objects.exists()


def test_a_member_deletes_an_activity(client):
    supplier = SupplierFactory()
    kept = ActivityFactory(supplier=supplier, sectors=[sector("menuiserie")])
    gone = ActivityFactory(supplier=supplier, sectors=[sector("blanchisserie")])
    client.force_login(member_of(supplier))

    response = post(
        client,
        supplier,
        {**activity_fields(0, sectors=[sector("menuiserie").pk], perimeter_radius_km="50"), "activities-0-id": kept.pk},
        {
            **activity_fields(1, sectors=[sector("blanchisserie").pk], perimeter_radius_km="50"),
            "activities-1-id": gone.pk,
            "activities-1-DELETE": "on",
        },
        initial=2,
    )

    assert response.status_code == 302
    assert list(supplier.activities.all()) == [kept]
    assert supplier.sector_labels() == ["Menuiserie"]


def test_an_activity_of_another_supplier_cannot_be_changed_through_the_form(client):
    supplier, other = SupplierFactory(), SupplierFactory()
    theirs = ActivityFactory(supplier=other, sectors=[sector("blanchisserie")], perimeter_radius_km=50)
    client.force_login(member_of(supplier))

    response = post(
        client,
        supplier,
        {
            **activity_fields(0, sectors=[sector("menuiserie").pk], perimeter_kind="national"),
            "activities-0-id": theirs.pk,
        },
        initial=1,
    )

    assert response.status_code == 200
    assert "n&#x27;appartient pas à cette fiche" in response.content.decode()
    theirs.refresh_from_db()
    assert (theirs.supplier_id, theirs.perimeter_kind, theirs.perimeter_radius_km) == (other.pk, "radius", 50)
    assert list(theirs.sectors.all()) == [sector("blanchisserie")]
    assert not supplier.activities.exists()


def test_a_stale_edit_changes_no_activity(client):
    supplier = SupplierFactory()
    activity = ActivityFactory(supplier=supplier, sectors=[sector("menuiserie")], perimeter_radius_km=50)
    client.force_login(member_of(supplier))
    stale_version = supplier.version
    type(supplier).objects.filter(pk=supplier.pk).update(version=stale_version + 1)  # someone saved meanwhile

    response = post(
        client,
        supplier,
        {
            **activity_fields(0, sectors=[sector("blanchisserie").pk], perimeter_kind="national"),
            "activities-0-id": activity.pk,
        },
        initial=1,
    )

    assert response.status_code == 200
    assert "pendant que vous la modifiiez" in response.content.decode()
    activity.refresh_from_db()
    assert (activity.perimeter_kind, activity.perimeter_radius_km) == ("radius", 50)
    assert list(activity.sectors.all()) == [sector("menuiserie")]


def test_the_profile_page_lists_each_activity_with_its_perimeter(client):
    supplier = SupplierFactory()
    ActivityFactory(supplier=supplier, sectors=[sector("menuiserie")], service_kinds=["BUILD"], perimeter_radius_km=25)
    listed = ActivityFactory(
        supplier=supplier, sectors=[sector("blanchisserie")], perimeter_kind="communes", perimeter_radius_km=None
    )
    listed.perimeter_communes.set(["69266", "69029"])

    content = html.unescape(client.get(f"/fournisseurs/{supplier.slug}/").content.decode())

    assert "Menuiserie" in content and "Blanchisserie" in content
    assert "Types de prestation : Fabrication et commercialisation de biens" in content
    assert "Périmètre d'intervention : 25 km autour de son adresse" in content
    assert "Périmètre d'intervention : Bron, Villeurbanne" in content


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_any_text_in_the_listed_communes_is_accepted_or_refused_in_french_never_a_crash(text):
    from marche.suppliers.forms import ActivityForm

    form = ActivityForm(
        data={"sectors": [sector("menuiserie").pk], "perimeter_kind": "communes", "perimeter_communes": text}
    )

    if form.is_valid():
        assert {c.insee for c in form.cleaned_data["perimeter_communes"]} <= {"69266", "69029"}
        assert form.cleaned_data["perimeter_communes"]
    else:
        assert form.errors["perimeter_communes"]
        assert all(message.strip() for message in form.errors["perimeter_communes"])
