"""A member of a verified buyer organisation posts a need in steps, a draft saved at each
step, and resumes where they left it."""

import pytest

from marche.needs.models import Need, NeedStatus, PlaceKind
from marche.sectors.models import Sector, SectorGroup

from .factories import ActivityFactory
from .need_support import buyer_user, future, sectors

pytestmark = pytest.mark.django_db


def step_url(need, step):
    return f"/besoins/{need.uid}/modifier/{step}/"


def test_verified_buyer_posts_a_need_through_every_step(client, places, private_root):
    user = buyer_user()
    client.force_login(user)
    group = SectorGroup.objects.order_by("pk").first()

    response = client.post("/besoins/deposer/", {"kind": "tender", "title": "Nettoyage des écoles"})
    need = Need.objects.get()
    assert response.status_code == 302 and response["Location"] == step_url(need, "secteurs")
    assert (need.status, need.step, need.author, need.title, need.kind) == (
        NeedStatus.DRAFT, 1, user, "Nettoyage des écoles", "tender",
    )  # fmt: skip
    assert str(need.organization_id) == user.organizations[0]["id"]

    client.post(step_url(need, "secteurs"), {"version": need.version, "groups": [group.pk]})
    need.refresh_from_db()
    assert set(need.sectors.values_list("pk", flat=True)) == set(group.sectors.values_list("pk", flat=True))
    assert need.step == 2

    client.post(
        step_url(need, "lieu"),
        {"version": need.version, "place_kind": "communes", "commune": "Lyon 3e Arrondissement (69003)"},
    )
    need.refresh_from_db()
    assert (need.place_kind, list(need.communes.values_list("insee", flat=True)), need.step) == (
        PlaceKind.COMMUNES, ["69383"], 3,
    )  # fmt: skip

    deadline = future(20)
    client.post(
        step_url(need, "details"),
        {
            "version": need.version,
            "description": "Nettoyage quotidien de 4 écoles.",
            "amount_range": "25k_100k",
            "deadline": deadline.isoformat(),
            "questions": "Combien de salariés en insertion ?\n\nDepuis quand ?",
            "show_buyer_name": "on",
        },
    )
    need.refresh_from_db()
    assert need.description == "Nettoyage quotidien de 4 écoles."
    assert (need.deadline, need.amount_range, need.show_buyer_name, need.step) == (deadline, "25k_100k", True, 4)
    assert need.questions == ["Combien de salariés en insertion ?", "Depuis quand ?"]

    response = client.post(step_url(need, "pieces-jointes"), {"version": need.version, "action": "continue"})
    assert response["Location"] == step_url(need, "verification")
    need.refresh_from_db()
    assert need.step == 5

    ActivityFactory(perimeter_kind="national", sectors=[group.sectors.first()])
    ActivityFactory(perimeter_kind="national")  # no sector of the need
    review = client.get(step_url(need, "verification"))
    assert review.status_code == 200
    assert "1 fournisseur inclusif correspond à votre besoin" in review.content.decode()

    response = client.post(step_url(need, "verification"), {"version": need.version, "action": "submit"})
    need.refresh_from_db()
    assert response["Location"] == f"/besoins/{need.uid}/"
    assert need.status == NeedStatus.SUBMITTED and need.submitted_at is not None


def test_a_draft_resumes_at_the_step_after_the_last_saved(client, places):
    user = buyer_user()
    client.force_login(user)
    client.post("/besoins/deposer/", {"kind": "quote", "title": "Traiteur"})
    need = Need.objects.get()
    client.post(step_url(need, "secteurs"), {"version": need.version, "sectors": [sectors(1)[0].pk]})

    response = client.get(f"/besoins/{need.uid}/reprendre/")

    assert response["Location"] == step_url(need, "lieu")


def test_a_step_beyond_the_next_one_sends_back_to_the_next_one(client, places):
    user = buyer_user()
    client.force_login(user)
    client.post("/besoins/deposer/", {"kind": "quote", "title": "Traiteur"})
    need = Need.objects.get()

    response = client.get(step_url(need, "details"))

    assert response["Location"] == step_url(need, "secteurs")


def test_several_communes_are_added_one_at_a_time_and_removed_by_unchecking(client, places):
    user = buyer_user()
    client.force_login(user)
    client.post("/besoins/deposer/", {"kind": "quote", "title": "Traiteur"})
    need = Need.objects.get()
    client.post(step_url(need, "secteurs"), {"version": need.version, "sectors": [sectors(1)[0].pk]})
    need.refresh_from_db()

    response = client.post(
        step_url(need, "lieu"),
        {"version": need.version, "place_kind": "communes", "commune": "69003", "stay": "1"},
    )
    assert response["Location"] == step_url(need, "lieu")
    need.refresh_from_db()
    client.post(
        step_url(need, "lieu"),
        {"version": need.version, "place_kind": "communes", "communes": ["69383"], "commune": "Villeurbanne"},
    )
    need.refresh_from_db()
    assert sorted(need.communes.values_list("insee", flat=True)) == ["69266", "69383"]

    client.post(step_url(need, "lieu"), {"version": need.version, "place_kind": "communes", "communes": ["69266"]})
    need.refresh_from_db()
    assert list(need.communes.values_list("insee", flat=True)) == ["69266"]


def test_choosing_departments_empties_the_communes(client, places):
    user = buyer_user()
    client.force_login(user)
    client.post("/besoins/deposer/", {"kind": "quote", "title": "Traiteur"})
    need = Need.objects.get()
    client.post(step_url(need, "secteurs"), {"version": need.version, "sectors": [sectors(1)[0].pk]})
    need.refresh_from_db()
    client.post(step_url(need, "lieu"), {"version": need.version, "place_kind": "communes", "commune": "69003"})
    need.refresh_from_db()

    client.post(
        step_url(need, "lieu"), {"version": need.version, "place_kind": "departments", "departments": ["69", "01"]}
    )

    need.refresh_from_db()
    assert need.place_kind == PlaceKind.DEPARTMENTS
    assert sorted(need.departments.values_list("code", flat=True)) == ["01", "69"]
    assert need.communes.count() == 0


def test_a_whole_group_and_single_sectors_combine(client, places):
    user = buyer_user()
    client.force_login(user)
    client.post("/besoins/deposer/", {"kind": "quote", "title": "Traiteur"})
    need = Need.objects.get()
    first, second = SectorGroup.objects.order_by("pk")[:2]
    lone = Sector.objects.filter(group=second).first()

    client.post(step_url(need, "secteurs"), {"version": need.version, "groups": [first.pk], "sectors": [lone.pk]})

    expected = set(first.sectors.values_list("pk", flat=True)) | {lone.pk}
    assert set(need.sectors.values_list("pk", flat=True)) == expected
