"""Only members of a verified buyer organisation post needs; everyone else gets a French
refusal with a way forward (never a 500), and nothing is created or changed."""

import pytest

from marche.needs.models import Need, NeedStatus

from .factories import SupplierFactory, UserFactory, buyer, member_of, organization_claim
from .need_support import buyer_org, buyer_user, future, make_need, snapshot

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_asked_to_log_in_and_nothing_is_created(client):
    response = client.post("/besoins/deposer/", {"kind": "quote", "title": "Traiteur"})

    content = response.content.decode()
    assert response.status_code == 403
    assert "Connectez-vous avec votre Compte inclusion" in content
    assert "/oidc/authenticate/?next=/besoins/deposer/" in content
    assert Need.objects.count() == 0


def test_unverified_buyer_is_refused_with_a_link_to_their_organisation(client, settings):
    user = buyer(verified=False)
    client.force_login(user)

    response = client.post("/besoins/deposer/", {"kind": "quote", "title": "Traiteur"})

    content = response.content.decode()
    organization_id = user.organizations[0]["id"]
    assert response.status_code == 403
    assert "n'est pas encore vérifiée" in content
    assert f"{settings.SSO_ISSUER}/organisations/{organization_id}/" in content
    assert Need.objects.count() == 0


def test_supplier_member_is_refused_and_pointed_to_open_needs(client):
    client.force_login(member_of(SupplierFactory()))

    response = client.post("/besoins/deposer/", {"kind": "quote", "title": "Traiteur"})

    content = response.content.decode()
    assert response.status_code == 403
    assert "réservé aux acheteurs" in content and 'href="/besoins/"' in content
    assert Need.objects.count() == 0


def test_prescriber_without_buyer_organisation_is_told_how_to_join_one(client):
    client.force_login(UserFactory(organizations=[organization_claim(kind="PRESCRIBER")]))

    response = client.get("/besoins/deposer/")

    assert response.status_code == 403
    assert "n'est rattaché à aucune organisation d'achat" in response.content.decode()


def test_a_buyer_cannot_post_in_the_name_of_an_organisation_not_theirs(client):
    user = buyer_user()
    client.force_login(user)

    response = client.post(
        "/besoins/deposer/",
        {"kind": "quote", "title": "Traiteur", "organization": buyer_org()["id"]},
    )

    assert response.status_code == 200
    assert "Choisissez l&#x27;une de vos organisations d&#x27;achat vérifiées." in response.content.decode()
    assert Need.objects.count() == 0


def test_a_past_deadline_is_refused_in_french_and_the_rest_is_kept(client):
    org = buyer_org()
    need = make_need(org, status=NeedStatus.DRAFT, step=3, deadline=None)
    before = snapshot(need)
    client.force_login(buyer_user(org))

    response = client.post(
        f"/besoins/{need.uid}/modifier/details/",
        {
            "version": need.version,
            "description": "Ma description gardée",
            "amount_range": "lt_25k",
            "deadline": "2020-01-15",
            "questions": "Une question gardée ?",
        },
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "La date limite de réponse (15/01/2020) est passée" in content
    assert "Ma description gardée" in content and "Une question gardée ?" in content
    assert snapshot(need) == before


def test_a_missing_title_is_refused_and_nothing_is_created(client):
    client.force_login(buyer_user())

    response = client.post("/besoins/deposer/", {"kind": "quote", "title": "   "})

    assert response.status_code == 200
    assert "Champ requis." in response.content.decode()
    assert Need.objects.count() == 0


def test_a_submitted_need_cannot_be_edited_and_nothing_changes(client):
    org = buyer_org()
    need = make_need(org, status=NeedStatus.SUBMITTED)
    before = snapshot(need)
    client.force_login(buyer_user(org))

    response = client.post(
        f"/besoins/{need.uid}/modifier/type/", {"version": need.version, "kind": "tender", "title": "Changé"}
    )

    assert response.status_code == 302 and response["Location"] == f"/besoins/{need.uid}/"
    assert snapshot(need) == before


def test_a_member_whose_organisation_lost_its_verification_cannot_edit_its_draft(client):
    org = buyer_org()
    need = make_need(org)
    before = snapshot(need)
    client.force_login(buyer_user({**org, "verified": False}))

    response = client.post(
        f"/besoins/{need.uid}/modifier/type/", {"version": need.version, "kind": "tender", "title": "Changé"}
    )

    assert response.status_code == 403
    assert "n'est pas encore vérifiée" in response.content.decode()
    assert snapshot(need) == before


def test_submitting_an_incomplete_need_is_refused_naming_what_is_missing(client):
    org = buyer_org()
    need = make_need(org, description="", sector_list=[], step=5)
    before = snapshot(need)
    client.force_login(buyer_user(org))

    response = client.post(f"/besoins/{need.uid}/modifier/verification/", {"version": need.version, "action": "submit"})

    content = response.content.decode()
    assert response.status_code == 400
    assert "complétez : au moins un secteur d&#x27;activité, la description." in content
    assert snapshot(need) == before


def test_submitting_with_a_deadline_passed_since_is_refused(client):
    org = buyer_org()
    need = make_need(org, deadline=future(-1))
    before = snapshot(need)
    client.force_login(buyer_user(org))

    response = client.post(f"/besoins/{need.uid}/modifier/verification/", {"version": need.version, "action": "submit"})

    assert response.status_code == 400
    assert "est passée" in response.content.decode()
    assert snapshot(need) == before
