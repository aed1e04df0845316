"""A buyer saves a supplier to a list, new or existing, from the search results and the
profile: a plain form without JavaScript, JSON for lists.js; a note per supplier."""

import html
import json

import pytest

from marche.lists.models import ListEntry, SupplierList
from search import index

from .factories import SupplierFactory, UserFactory, buyer
from .lists_support import make_list

pytestmark = pytest.mark.django_db

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


@pytest.fixture
def supplier():
    return SupplierFactory(name="Blanchisserie du Rhône", certified=True)


def test_without_javascript_the_link_opens_a_form_that_adds_to_a_new_list_and_returns(client, supplier):
    user = buyer()
    client.force_login(user)
    profile = f"/fournisseurs/{supplier.slug}/"

    page = client.get("/listes/ajouter/", {"fournisseur": supplier.pk, "next": profile})
    assert page.status_code == 200
    assert 'name="new_list_name"' in page.content.decode()

    response = client.post(
        "/listes/ajouter/",
        {"supplier": supplier.pk, "new_list_name": "  Blanchisserie   2027 ", "note": "devis en mars", "next": profile},
    )

    assert response.status_code == 302 and response["Location"] == profile
    supplier_list = SupplierList.objects.get(owner=user)
    assert supplier_list.name == "Blanchisserie 2027"
    entry = ListEntry.objects.get(supplier_list=supplier_list)
    assert (entry.supplier, entry.note, entry.added_by) == (supplier, "devis en mars", user)
    followed = client.get(profile).content.decode()
    assert "ajouté à la liste « Blanchisserie 2027 »" in html.unescape(followed)


def test_with_javascript_the_answer_is_json_and_an_existing_list_is_chosen(client, supplier):
    user = buyer()
    existing = make_list(user, "Traiteurs")
    client.force_login(user)

    fragment = client.get("/listes/ajouter/", {"fournisseur": supplier.pk}, **FETCH)
    assert "<html" not in fragment.content.decode()
    assert f'<option value="{existing.pk}">Traiteurs</option>' in fragment.content.decode()

    response = client.post("/listes/ajouter/", {"supplier": supplier.pk, "list_id": existing.pk}, **FETCH)

    assert response.status_code == 200
    assert json.loads(response.content) == {
        "message": "Blanchisserie du Rhône ajouté à la liste « Traiteurs ».",
        "list": {"id": existing.pk, "name": "Traiteurs", "url": f"/listes/{existing.pk}/"},
    }
    assert list(existing.entries.values_list("supplier_id", flat=True)) == [supplier.pk]


def test_a_new_list_named_like_an_existing_one_uses_it(client, supplier):
    user = buyer()
    existing = make_list(user, "Traiteurs")
    client.force_login(user)

    client.post("/listes/ajouter/", {"supplier": supplier.pk, "new_list_name": "TRAITEURS"}, **FETCH)

    assert SupplierList.objects.filter(owner=user).count() == 1
    assert list(existing.entries.values_list("supplier_id", flat=True)) == [supplier.pk]


def test_adding_twice_keeps_one_entry_and_says_so(client, supplier):
    user = buyer()
    existing = make_list(user, "Traiteurs", suppliers=[supplier], note="première note")
    client.force_login(user)

    response = client.post("/listes/ajouter/", {"supplier": supplier.pk, "list_id": existing.pk}, **FETCH)

    assert json.loads(response.content)["message"] == "Blanchisserie du Rhône était déjà dans la liste « Traiteurs »."
    assert list(existing.entries.values_list("supplier_id", "note")) == [(supplier.pk, "première note")]


def test_nothing_chosen_is_refused_with_a_way_forward_and_the_note_is_kept(client, supplier):
    client.force_login(buyer())

    response = client.post("/listes/ajouter/", {"supplier": supplier.pk, "note": "à garder"})

    assert response.status_code == 400
    content = html.unescape(response.content.decode())
    assert "Choisissez une liste ou donnez le nom d'une nouvelle liste." in content
    assert ">à garder</textarea>" in content
    assert not SupplierList.objects.exists()


@pytest.mark.parametrize("hidden", ["hidden", "inactive", "missing", "garbage"])
def test_a_supplier_buyers_cannot_see_cannot_be_added(client, supplier, hidden):
    from django.utils import timezone

    user = buyer()
    existing = make_list(user, "Traiteurs")
    if hidden == "hidden":
        supplier.hidden_at = timezone.now()
        supplier.save()
    elif hidden == "inactive":
        supplier.is_active = False
        supplier.save()
    target = {"missing": 999999, "garbage": "1 OR 1=1"}.get(hidden, supplier.pk)
    client.force_login(user)

    response = client.post("/listes/ajouter/", {"supplier": target, "list_id": existing.pk}, **FETCH)

    assert response.status_code == 404
    assert not existing.entries.exists()


def test_the_list_page_shows_each_supplier_with_its_certification_and_note(client, supplier):
    user = buyer()
    plain = SupplierFactory(name="Menuiserie Sans Badge", certified=False)
    supplier_list = make_list(user, "Achats 2027", suppliers=[supplier, plain], note="rappeler lundi")
    client.force_login(user)

    content = client.get(f"/listes/{supplier_list.pk}/").content.decode()

    assert content.count('data-testid="entry"') == 2
    assert content.count('data-testid="certified-badge"') == 1
    assert content.index("Blanchisserie du Rhône") < content.index('data-testid="certified-badge"')
    assert content.index('data-testid="certified-badge"') < content.index("Menuiserie Sans Badge")
    assert content.count("rappeler lundi") == 2


def test_the_owner_renames_edits_a_note_and_removes_a_supplier(client, supplier):
    user = buyer()
    other = SupplierFactory()
    supplier_list = make_list(user, "Achats", suppliers=[supplier, other])
    client.force_login(user)

    client.post(f"/listes/{supplier_list.pk}/renommer/", {"name": "Achats 2027"})
    client.post(f"/listes/{supplier_list.pk}/fournisseurs/{supplier.pk}/note/", {"note": "retenu\r\npour le lot 2"})
    client.post(f"/listes/{supplier_list.pk}/fournisseurs/{other.pk}/retirer/")

    supplier_list.refresh_from_db()
    assert supplier_list.name == "Achats 2027"
    assert list(supplier_list.entries.values_list("supplier_id", "note")) == [(supplier.pk, "retenu\npour le lot 2")]


def test_the_profile_offers_the_control_to_buyers_only(client, supplier):
    url = f"/fournisseurs/{supplier.slug}/"
    assert 'data-testid="add-to-list"' not in client.get(url).content.decode()

    client.force_login(UserFactory())
    assert 'data-testid="add-to-list"' not in client.get(url).content.decode()

    client.force_login(buyer(verified=False))
    content = client.get(url).content.decode()
    assert f'href="/listes/ajouter/?fournisseur={supplier.pk}&amp;next=' in content
    assert "/static/js/lists.js" in content


def test_the_search_results_offer_the_control_and_the_export_to_buyers(client, supplier):
    index.changed([supplier.pk])
    client.force_login(buyer())

    content = client.get("/recherche/", {"q": "blanchisserie"}).content.decode()

    assert f'data-add-to-list="{supplier.pk}"' in content
    assert 'href="/recherche/export/?q=blanchisserie"' in content
    partial = client.get("/recherche/", {"q": "blanchisserie"}, **FETCH).content.decode()
    assert f'data-add-to-list="{supplier.pk}"' in partial


def test_the_dashboard_shows_my_lists_and_those_shared_with_me(client, supplier):
    user = buyer()
    mine = make_list(user, "Mes traiteurs", suppliers=[supplier])
    colleague = UserFactory(organizations=user.organizations, first_name="Camille", last_name="Achat")
    theirs = make_list(colleague, "Nettoyage partagé", sharing="read")
    client.force_login(user)

    content = client.get("/tableau-de-bord/").content.decode()

    assert 'data-testid="dashboard-lists"' in content
    assert f'href="/listes/{mine.pk}/">Mes traiteurs</a> (1 fournisseur)' in content
    assert f'href="/listes/{theirs.pk}/">Nettoyage partagé</a> (0 fournisseur, partagée par Camille Achat)' in content


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "/ok\x00/", "javascript:alert(1)"])
def test_the_return_address_never_leaves_the_marche(client, supplier, next_url):
    client.force_login(buyer())

    response = client.post("/listes/ajouter/", {"supplier": supplier.pk, "new_list_name": "Essai", "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == f"/fournisseurs/{supplier.slug}/"


def test_a_colleague_reading_a_shared_list_cannot_add_to_it_with_javascript(client, supplier):
    owner = buyer()
    shared = make_list(owner, "Lecture", sharing="read")
    colleague = UserFactory(organizations=owner.organizations)
    client.force_login(colleague)

    response = client.post("/listes/ajouter/", {"supplier": supplier.pk, "list_id": shared.pk}, **FETCH)

    assert response.status_code == 400
    assert response.json() == {"error": "Cette liste n'existe pas ou ne vous est pas accessible."}
    assert not shared.entries.exists()
    fragment = client.get("/listes/ajouter/", {"fournisseur": supplier.pk}, **FETCH).content.decode()
    assert "Lecture" not in fragment  # only lists the person may change are offered
