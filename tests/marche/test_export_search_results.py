"""The search results export: every page, with the page's filters, up to 5 000 suppliers,
in the page's order; a bad parameter is explained, never a 500."""

import html
import re

import pytest

from marche.lists import exports
from search import index

from .factories import SupplierFactory, buyer
from .lists_support import read_csv, read_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    suppliers = [SupplierFactory(name=f"Fournisseur {n:03d}", kind="EI" if n % 3 else "ACI") for n in range(130)]
    index.changed([s.pk for s in suppliers])
    return suppliers


def test_every_page_of_the_results_is_exported_with_the_same_filters(client, catalogue):
    client.force_login(buyer())
    expected = sorted(s.name for s in catalogue if s.kind == "EI")
    assert len(expected) > 2 * 20  # more than one page of the search page

    form = client.get("/recherche/export/", {"kind": "EI", "sort": "name", "page": "2"})
    response = client.post(
        "/recherche/export/", {"query": "kind=EI&sort=name&page=2", "format": "xlsx", "columns": ["nom", "type"]}
    )

    assert f"{len(expected)} fournisseurs trouvés." in form.content.decode()
    assert 'name="query" value="kind=EI&amp;sort=name&amp;page=2"' in form.content.decode()
    rows = read_xlsx(response.content)
    assert rows[0] == ["Raison sociale", "Type de structure"]
    assert [row[0] for row in rows[1:]] == expected
    assert {row[1] for row in rows[1:]} == {"Entreprise d'insertion"}
    assert re.fullmatch(
        r'attachment; filename="recherche-fournisseurs-\d{4}-\d{2}-\d{2}-\d{4}\.xlsx"',
        response["Content-Disposition"],
    )


def test_the_export_stops_at_the_limit_and_says_so(client, catalogue, monkeypatch):
    monkeypatch.setattr(exports, "MAX_EXPORT_SUPPLIERS", 110)
    client.force_login(buyer())

    form = client.get("/recherche/export/", {"sort": "name"}).content.decode()
    response = client.post("/recherche/export/", {"query": "sort=name", "format": "csv", "columns": ["nom"]})

    assert "130 fournisseurs trouvés : l'export contient les 110 premiers" in html.unescape(form)
    rows = read_csv(response.content)
    assert [row[0] for row in rows[1:]] == sorted(s.name for s in catalogue)[:110]


def test_hidden_suppliers_are_not_exported(client, catalogue):
    from django.utils import timezone

    hidden = catalogue[0]
    hidden.hidden_at = timezone.now()
    hidden.save()
    index.changed([hidden.pk])
    client.force_login(buyer())

    response = client.post("/recherche/export/", {"query": "sort=name", "format": "csv", "columns": ["nom"]})

    names = [row[0] for row in read_csv(response.content)[1:]]
    assert len(names) == 129 and hidden.name not in names


@pytest.mark.parametrize(
    ("query", "message"),
    [("kind=NOPE", "type de structure inconnu"), ("radius=abc", "radius doit être un nombre entier"),
     ("q=a%00b", "caractère de contrôle")],
)  # fmt: skip
def test_a_bad_search_is_explained_and_no_file_is_made(client, catalogue, query, message):
    client.force_login(buyer())

    response = client.post("/recherche/export/", {"query": query, "format": "csv"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in html.unescape(response.content.decode())


def test_anonymous_visitors_and_non_buyers_cannot_export(client, catalogue):
    from .factories import UserFactory

    response = client.post("/recherche/export/", {"query": "", "format": "csv"})
    assert response.status_code == 302 and "/oidc/authenticate/" in response["Location"]

    client.force_login(UserFactory())
    assert client.post("/recherche/export/", {"query": "", "format": "csv"}).status_code == 403
