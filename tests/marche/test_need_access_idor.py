"""Nobody reaches a need, its edit steps or its attachments by changing the ids in URLs:
another organisation's buyer, a supplier member before validation, an anonymous visitor
or a prescriber gets nothing (404, or the login page), and nothing changes."""

import pytest

from marche.needs.models import NeedStatus

from .factories import SupplierFactory, UserFactory, member_of, organization_claim
from .need_support import attach, buyer_org, buyer_user, make_need, pdf_bytes, snapshot

pytestmark = pytest.mark.django_db

STEPS = ["type", "secteurs", "lieu", "details", "pieces-jointes", "verification"]


@pytest.fixture
def need_with_attachment(private_root):
    org = buyer_org()
    need = make_need(org, status=NeedStatus.DRAFT)
    return need, attach(need)


def other_buyer():
    return buyer_user(buyer_org(name="Autre ville"))


def supplier_member():
    return member_of(SupplierFactory())


def prescriber():
    return UserFactory(organizations=[organization_claim(kind="PRESCRIBER")])


@pytest.mark.parametrize("who", [other_buyer, supplier_member, prescriber])
@pytest.mark.parametrize("status", [NeedStatus.DRAFT, NeedStatus.SUBMITTED, NeedStatus.CHANGES_REQUESTED])
def test_outsiders_get_404_on_the_page_steps_and_attachments(client, need_with_attachment, who, status):
    need, attachment = need_with_attachment
    need.status = status
    need.save()
    before = snapshot(need)
    client.force_login(who())

    assert client.get(f"/besoins/{need.uid}/").status_code == 404
    assert client.get(f"/besoins/{need.uid}/pieces-jointes/{attachment.uid}/").status_code == 404
    assert client.get(f"/besoins/{need.uid}/reprendre/").status_code == 404
    for step in STEPS:
        assert client.get(f"/besoins/{need.uid}/modifier/{step}/").status_code == 404
    assert (
        client.post(
            f"/besoins/{need.uid}/modifier/type/", {"version": need.version, "kind": "tender", "title": "X"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/besoins/{need.uid}/modifier/pieces-jointes/",
            {"version": need.version, "action": "remove", "attachment": str(attachment.uid)},
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/besoins/{need.uid}/modifier/verification/", {"version": need.version, "action": "submit"}
        ).status_code
        == 404
    )
    assert snapshot(need) == before


def test_anonymous_visitors_are_sent_to_log_in_and_see_nothing(client, need_with_attachment):
    need, attachment = need_with_attachment
    before = snapshot(need)

    for url in [
        f"/besoins/{need.uid}/",
        f"/besoins/{need.uid}/pieces-jointes/{attachment.uid}/",
        f"/besoins/{need.uid}/modifier/type/",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/oidc/authenticate/?next=")
    client.post(f"/besoins/{need.uid}/modifier/type/", {"version": need.version, "kind": "tender", "title": "X"})
    assert snapshot(need) == before


def test_an_attachment_of_another_need_is_not_served_through_ones_own_need(client, private_root):
    mine_org, theirs_org = buyer_org(), buyer_org(name="Autre")
    mine = make_need(mine_org)
    theirs = make_need(theirs_org)
    their_file = attach(theirs, content=pdf_bytes() + b"secret")
    client.force_login(buyer_user(mine_org))

    assert client.get(f"/besoins/{mine.uid}/pieces-jointes/{their_file.uid}/").status_code == 404


def test_a_colleague_of_the_same_organisation_reads_and_downloads(client, need_with_attachment):
    need, attachment = need_with_attachment
    org_claim = {"id": str(need.organization_id), "name": "Ville", "kind": "BUYER", "is_active": True, "verified": True}
    client.force_login(UserFactory(organizations=[org_claim]))

    page = client.get(f"/besoins/{need.uid}/")
    download = client.get(f"/besoins/{need.uid}/pieces-jointes/{attachment.uid}/")

    assert page.status_code == 200 and "Reprendre le brouillon" in page.content.decode()
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf_bytes()
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith('attachment; filename="cahier-des-charges.pdf"')
    assert download["X-Content-Type-Options"] == "nosniff"


def test_a_supplier_member_reads_and_downloads_only_once_validated(client, need_with_attachment):
    need, attachment = need_with_attachment
    client.force_login(supplier_member())
    for status in (NeedStatus.DRAFT, NeedStatus.SUBMITTED, NeedStatus.CHANGES_REQUESTED, NeedStatus.REFUSED):
        need.status = status
        need.save()
        assert client.get(f"/besoins/{need.uid}/").status_code == 404
        assert client.get(f"/besoins/{need.uid}/pieces-jointes/{attachment.uid}/").status_code == 404

    need.status = NeedStatus.VALIDATED
    need.save()
    page = client.get(f"/besoins/{need.uid}/")
    download = client.get(f"/besoins/{need.uid}/pieces-jointes/{attachment.uid}/")

    assert page.status_code == 200 and "cahier-des-charges.pdf" in page.content.decode()
    assert b"".join(download.streaming_content) == pdf_bytes()
    # Still never an edit step.
    assert client.get(f"/besoins/{need.uid}/modifier/type/").status_code == 404


def test_an_unknown_uid_is_a_plain_404(client):
    client.force_login(buyer_user())

    assert client.get("/besoins/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/besoins/pas-un-uid/").status_code == 404


def test_an_unknown_step_or_attachment_uid_is_a_404_and_changes_nothing(client, need_with_attachment):
    need, attachment = need_with_attachment
    org_claim = {"id": str(need.organization_id), "name": "Ville", "kind": "BUYER", "is_active": True, "verified": True}
    client.force_login(UserFactory(organizations=[org_claim]))
    before = snapshot(need)

    assert client.get(f"/besoins/{need.uid}/modifier/etape-inconnue/").status_code == 404
    assert client.get(f"/besoins/{need.uid}/pieces-jointes/{need.uid}/").status_code == 404
    response = client.post(
        f"/besoins/{need.uid}/modifier/pieces-jointes/",
        {"version": need.version, "action": "remove", "attachment": "pas-un-uid"},
    )
    assert response.status_code == 200
    assert "Cette pièce jointe n&#x27;existe pas ou a déjà été retirée." in response.content.decode()
    assert snapshot(need) == before
