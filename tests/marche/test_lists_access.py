"""A list is seen only by its owner and by the colleagues it is shared with; its suppliers
and notes are changed by the owner and by colleagues it is shared with for editing; only
the owner renames, shares and deletes it. Every refusal changes nothing."""

import html

import pytest

from marche.lists import selectors
from marche.lists.models import SupplierList

from .factories import SupplierFactory, UserFactory, member_of, organization_claim
from .lists_support import buyer_in, buyer_organization, make_list, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization():
    return buyer_organization()


@pytest.fixture
def owner(organization):
    return buyer_in(organization)


@pytest.fixture
def suppliers():
    return [SupplierFactory(), SupplierFactory()]


@pytest.fixture
def other(suppliers):
    return SupplierFactory()


def writes(supplier_list, suppliers, other):
    """Every write on a list, as (url, data) pairs."""
    pk, first = supplier_list.pk, suppliers[0].pk
    return [
        (f"/listes/{pk}/renommer/", {"name": "Piratée"}),
        (f"/listes/{pk}/partager/", {"sharing": "edit"}),
        (f"/listes/{pk}/supprimer/", {}),
        (f"/listes/{pk}/fournisseurs/{first}/retirer/", {}),
        (f"/listes/{pk}/fournisseurs/{first}/note/", {"note": "modifiée"}),
        ("/listes/ajouter/", {"supplier": other.pk, "list_id": pk}),
    ]


def test_the_owner_sees_their_private_list(client, owner, suppliers):
    supplier_list = make_list(owner, "Nettoyage 2027", suppliers=suppliers, note="devis demandé")
    client.force_login(owner)

    response = client.get(f"/listes/{supplier_list.pk}/")

    assert response.status_code == 200
    content = response.content.decode()
    assert suppliers[0].display_name in content and suppliers[1].display_name in content
    assert "devis demandé" in content


def test_a_private_list_is_not_found_by_a_colleague(client, owner, organization, suppliers, other):
    supplier_list = make_list(owner, suppliers=suppliers)
    colleague = buyer_in(organization)
    client.force_login(colleague)
    before = snapshot(supplier_list)

    assert client.get(f"/listes/{supplier_list.pk}/").status_code == 404
    assert client.get(f"/listes/{supplier_list.pk}/export/").status_code == 404
    for url, data in writes(supplier_list, suppliers, other):
        assert client.post(url, data).status_code in (404, 400), url
    assert snapshot(supplier_list) == before
    assert supplier_list.name not in client.get("/listes/").content.decode()


@pytest.mark.parametrize("kind", ["BUYER", "EI"])
def test_another_organisations_member_changing_list_ids_finds_nothing_and_changes_nothing(
    client, owner, suppliers, other, kind
):
    supplier_list = make_list(owner, "Secrète", suppliers=suppliers, sharing="edit")
    outsider = buyer_in(buyer_organization()) if kind == "BUYER" else member_of(suppliers[0])
    client.force_login(outsider)
    before = snapshot(supplier_list)

    expected = 404 if kind == "BUYER" else 403  # a supplier's member is told lists are for buyers
    assert client.get(f"/listes/{supplier_list.pk}/").status_code == expected
    assert client.post(f"/listes/{supplier_list.pk}/export/", {"format": "csv"}).status_code == expected
    for url, data in writes(supplier_list, suppliers, other):
        response = client.post(url, data)
        assert response.status_code in ({404, 400} if kind == "BUYER" else {403}), url
    assert snapshot(supplier_list) == before
    assert "Secrète" not in client.get("/listes/").content.decode()


def test_the_same_siret_in_another_kind_of_organisation_gives_nothing(client, owner, organization, suppliers):
    supplier_list = make_list(owner, suppliers=suppliers, sharing="read")
    impostor = UserFactory(organizations=[{**organization, "kind": "PARTNER"}])
    client.force_login(impostor)

    assert client.get(f"/listes/{supplier_list.pk}/").status_code == 403
    assert selectors.can_view(impostor, supplier_list) is False


def test_anonymous_visitors_are_sent_to_log_in_and_change_nothing(client, owner, suppliers, other):
    supplier_list = make_list(owner, suppliers=suppliers, sharing="edit")
    before = snapshot(supplier_list)

    response = client.get(f"/listes/{supplier_list.pk}/")
    assert response.status_code == 302 and "/oidc/authenticate/" in response["Location"]
    for url, data in writes(supplier_list, suppliers, other):
        response = client.post(url, data)
        assert response.status_code == 302 and "/oidc/authenticate/" in response["Location"], url
    assert snapshot(supplier_list) == before


def test_a_colleague_sees_a_list_shared_for_reading_but_cannot_change_it(client, owner, organization, suppliers, other):
    supplier_list = make_list(owner, "Partagée", suppliers=suppliers, sharing="read", note="à rappeler")
    colleague = buyer_in(organization)
    client.force_login(colleague)
    before = snapshot(supplier_list)

    page = client.get(f"/listes/{supplier_list.pk}/")
    assert page.status_code == 200
    assert "à rappeler" in page.content.decode() and "lecture seule" in page.content.decode()
    assert "Partagée" in client.get("/listes/").content.decode()
    for url, data in writes(supplier_list, suppliers, other):
        response = client.post(url, data)
        assert response.status_code in (403, 400), url
    assert snapshot(supplier_list) == before


def test_a_colleague_with_edit_rights_changes_suppliers_and_notes_but_not_the_list_itself(
    client, owner, organization, suppliers, other
):
    supplier_list = make_list(owner, "Commune", suppliers=suppliers, sharing="edit")
    colleague = buyer_in(organization, verified=False)  # any member of the organisation
    client.force_login(colleague)

    assert client.post("/listes/ajouter/", {"supplier": other.pk, "list_id": supplier_list.pk}).status_code == 302
    note = client.post(f"/listes/{supplier_list.pk}/fournisseurs/{suppliers[0].pk}/note/", {"note": "vu en salon"})
    assert note.status_code == 302
    assert client.post(f"/listes/{supplier_list.pk}/fournisseurs/{suppliers[1].pk}/retirer/").status_code == 302
    after_edits = snapshot(supplier_list)
    assert after_edits[3] == ((suppliers[0].pk, "vu en salon"), (other.pk, ""))

    assert client.post(f"/listes/{supplier_list.pk}/renommer/", {"name": "Autre"}).status_code == 403
    assert client.post(f"/listes/{supplier_list.pk}/partager/", {"sharing": "private"}).status_code == 403
    assert client.post(f"/listes/{supplier_list.pk}/supprimer/").status_code == 403
    assert snapshot(supplier_list) == after_edits


def test_someone_who_left_the_organisation_no_longer_sees_the_shared_list(client, owner, organization, suppliers):
    supplier_list = make_list(owner, suppliers=suppliers, sharing="edit")
    former = buyer_in(organization, is_active=False)
    client.force_login(former)

    assert client.get(f"/listes/{supplier_list.pk}/").status_code == 403  # no active buyer organisation left
    assert selectors.can_view(former, supplier_list) is False


def test_the_owner_cannot_share_with_an_organisation_they_do_not_belong_to(client, owner):
    supplier_list = make_list(owner)
    client.force_login(owner)
    foreign = buyer_organization()

    response = client.post(f"/listes/{supplier_list.pk}/partager/", {"sharing": "edit", "organization": foreign["id"]})

    assert response.status_code == 400
    assert "l'une de vos organisations d'achat" in html.unescape(response.content.decode())
    supplier_list.refresh_from_db()
    assert (supplier_list.sharing, supplier_list.shared_with) == ("private", None)


def test_the_owner_shares_then_stops_sharing(client, owner, organization):
    supplier_list = make_list(owner)
    colleague = buyer_in(organization)
    client.force_login(owner)

    client.post(f"/listes/{supplier_list.pk}/partager/", {"sharing": "read", "organization": organization["id"]})
    supplier_list.refresh_from_db()
    assert (supplier_list.sharing, str(supplier_list.shared_with)) == ("read", organization["id"])
    assert selectors.can_view(colleague, supplier_list) is True
    assert selectors.can_edit(colleague, supplier_list) is False

    client.post(f"/listes/{supplier_list.pk}/partager/", {"sharing": "private"})
    supplier_list.refresh_from_db()
    assert (supplier_list.sharing, supplier_list.shared_with) == ("private", None)
    assert selectors.can_view(colleague, supplier_list) is False


@pytest.mark.parametrize("kind", ["EI", "OTHER_PRESCRIBER", "PARTNER"])
def test_only_buyers_have_lists(client, kind):
    user = UserFactory(organizations=[organization_claim(kind=kind)])
    client.force_login(user)

    response = client.get("/listes/")
    assert response.status_code == 403
    assert "réservés aux acheteurs" in response.content.decode()
    assert client.post("/listes/creer/", {"name": "Essai"}).status_code == 403
    assert not SupplierList.objects.exists()


def test_the_owner_deletes_their_list(client, owner, suppliers):
    supplier_list = make_list(owner, suppliers=suppliers)
    client.force_login(owner)

    response = client.post(f"/listes/{supplier_list.pk}/supprimer/")

    assert response.status_code == 302 and response["Location"] == "/listes/"
    assert not SupplierList.objects.filter(pk=supplier_list.pk).exists()
