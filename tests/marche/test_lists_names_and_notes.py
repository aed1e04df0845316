"""List names and notes: whatever a person types is kept as typed (spaces of a name
collapsed), or refused with a French message that keeps what was typed; never a 500."""

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marche.lists import services
from marche.lists.models import ListEntry, SupplierList

from .factories import SupplierFactory, buyer
from .lists_support import make_list

pytestmark = pytest.mark.django_db

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}
# Printable text of any script, as people type it (no control characters: those are refused below).
TYPED = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=120)


@given(name=TYPED)
def test_any_list_name_is_kept_or_refused_with_a_message(client, name):
    user = buyer()
    client.force_login(user)

    response = client.post("/listes/creer/", {"name": name})

    expected = " ".join(name.split())
    if expected and len(expected) <= 100:
        assert response.status_code == 302
        assert SupplierList.objects.get(owner=user).name == expected
    else:
        assert response.status_code == 400
        assert "Donnez un nom" in response.content.decode() or "100 caractères au plus" in response.content.decode()
        assert not SupplierList.objects.filter(owner=user).exists()


@given(note=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=300))
def test_any_note_is_kept_as_typed_or_refused_and_the_old_note_stays(client, note):
    user = buyer()
    supplier = SupplierFactory()
    supplier_list = make_list(user, suppliers=[supplier], note="ancienne")
    client.force_login(user)

    response = client.post(f"/listes/{supplier_list.pk}/fournisseurs/{supplier.pk}/note/", {"note": note})

    entry = ListEntry.objects.get(supplier_list=supplier_list)
    cleaned = note.replace("\r\n", "\n").strip()
    if services.has_control_characters(cleaned.replace("\n", "").replace("\t", "")):
        assert response.status_code == 400
        assert "caractère invisible" in html.unescape(response.content.decode())
        assert entry.note == "ancienne"
    else:
        assert response.status_code == 302
        assert entry.note == cleaned
        page = client.get(f"/listes/{supplier_list.pk}/").content.decode()
        assert html.escape(cleaned, quote=False) in page.replace("&#x27;", "'").replace("&quot;", '"')


def test_a_note_too_long_is_refused_and_what_was_typed_stays_on_the_page(client):
    user = buyer()
    supplier = SupplierFactory()
    supplier_list = make_list(user, suppliers=[supplier], note="ancienne")
    client.force_login(user)

    response = client.post(f"/listes/{supplier_list.pk}/fournisseurs/{supplier.pk}/note/", {"note": "x" * 2001})

    assert response.status_code == 400
    content = html.unescape(response.content.decode())
    assert "La note tient en 2000 caractères au plus (2001 saisis)." in content
    assert "x" * 2001 in content
    assert ListEntry.objects.get(supplier_list=supplier_list).note == "ancienne"


@pytest.mark.parametrize("name", ["Liste\x00", "Liste\x1b[31m", "a\u0007b"])
def test_a_name_with_a_control_character_is_refused(client, name):
    user = buyer()
    supplier_list = make_list(user, "Avant")
    client.force_login(user)

    response = client.post(f"/listes/{supplier_list.pk}/renommer/", {"name": name})

    assert response.status_code == 400
    assert "caractère invisible" in html.unescape(response.content.decode())
    supplier_list.refresh_from_db()
    assert supplier_list.name == "Avant"


def test_two_lists_of_one_person_cannot_share_a_name_whatever_the_case(client):
    user = buyer()
    make_list(user, "Traiteurs")
    other = make_list(user, "Autre")
    client.force_login(user)

    assert client.post("/listes/creer/", {"name": "traiteurs"}).status_code == 400
    response = client.post(f"/listes/{other.pk}/renommer/", {"name": "TRAITEURS"})

    assert response.status_code == 400
    assert "Vous avez déjà une liste « TRAITEURS »" in html.unescape(response.content.decode())
    assert sorted(SupplierList.objects.filter(owner=user).values_list("name", flat=True)) == ["Autre", "Traiteurs"]


def test_a_hostile_name_is_shown_as_text_in_every_page_and_in_the_json(client):
    user = buyer()
    supplier = SupplierFactory()
    client.force_login(user)
    name = '<script>alert(1)</script>"'

    response = client.post("/listes/ajouter/", {"supplier": supplier.pk, "new_list_name": name}, **FETCH)

    supplier_list = SupplierList.objects.get(owner=user)
    assert response.json()["list"]["name"] == name
    for url in ("/listes/", f"/listes/{supplier_list.pk}/", "/tableau-de-bord/"):
        content = client.get(url).content.decode()
        assert "<script>alert(1)" not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
