"""When editors ask for changes, the buyer sees their message on the need's page, edits
the need and sends it again; it goes back to the editors' queue."""

import pytest

from marche.needs.models import NeedStatus

from .need_support import buyer_org, buyer_user, make_need

pytestmark = pytest.mark.django_db


def test_buyer_sees_the_message_edits_and_resubmits(client):
    org = buyer_org()
    need = make_need(org, status=NeedStatus.CHANGES_REQUESTED, editor_message="Précisez les quantités.")
    client.force_login(buyer_user(org))

    page = client.get(f"/besoins/{need.uid}/").content.decode()
    assert "L'équipe demande des modifications" in page and "Précisez les quantités." in page
    assert f"/besoins/{need.uid}/modifier/type/" in page

    client.post(
        f"/besoins/{need.uid}/modifier/type/", {"version": need.version, "kind": "quote", "title": "Tonte : 3 000 m²"}
    )
    need.refresh_from_db()
    response = client.post(f"/besoins/{need.uid}/modifier/verification/", {"version": need.version, "action": "submit"})

    need.refresh_from_db()
    assert response.status_code == 302
    assert (need.status, need.title) == (NeedStatus.SUBMITTED, "Tonte : 3 000 m²")
    assert client.get("/admin/besoins/").status_code == 302  # the buyer is not an editor


def test_a_validated_need_links_to_its_follow_up_page(client):
    org = buyer_org()
    need = make_need(org, status=NeedStatus.VALIDATED)
    client.force_login(buyer_user(org))

    page = client.get(f"/besoins/{need.uid}/").content.decode()

    assert f'href="/besoins/{need.uid}/suivi/"' in page
    assert "Publié" in page


def test_a_refused_need_shows_the_reason_and_cannot_be_edited(client):
    org = buyer_org()
    need = make_need(org, status=NeedStatus.REFUSED, editor_message="Ce n'est pas un achat.")
    client.force_login(buyer_user(org))

    page = client.get(f"/besoins/{need.uid}/").content.decode()

    assert "Motif : Ce n&#x27;est pas un achat." in page
    assert "/modifier/" not in page
