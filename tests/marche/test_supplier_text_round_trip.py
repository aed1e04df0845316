"""Rule: what a member types in the description is what the form and the public page
show, after any number of saves (no escaping added on each save)."""

import re

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .factories import SupplierFactory, member_of
from .test_supplier_edit_permissions import form_data

pytestmark = pytest.mark.django_db

# Printable text of any script, plus the characters that broke before: apostrophes,
# ampersands, angle brackets, quotes, entity-looking text and line breaks (as browsers send them).
TEXT = st.lists(
    st.one_of(
        st.characters(categories=["L", "N", "P", "S", "Zs"]),
        st.sampled_from(["'", "’", "&", "<", ">", '"', "\n", "\r\n", "&amp;", "&#x27;", "<p>", "<br>", " "]),
    ),
    max_size=40,
).map("".join)


def expected_paragraphs(typed: str) -> list[str]:
    """The documented shape of a description: paragraphs separated by a blank line,
    line breaks kept inside a paragraph, spaces around each paragraph dropped."""
    text = typed.replace("\r\n", "\n").strip()
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def form_value(response) -> str:
    textarea = BeautifulSoup(response.content.decode(), "html.parser").find("textarea", attrs={"name": "description"})
    # HTML drops the newline that directly follows <textarea> (Django writes one).
    return textarea.get_text().removeprefix("\n")


def public_paragraphs(response) -> list[str]:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    heading = soup.find("h2", string="Présentation")
    if heading is None:
        return []
    for br in heading.find_next_sibling("div").find_all("br"):
        br.replace_with("\n")
    return [p.get_text() for p in heading.find_next_sibling("div").find_all("p")]


def test_an_apostrophe_is_shown_as_typed_after_two_saves(client):
    supplier = SupplierFactory()
    client.force_login(member_of(supplier))
    url = f"/tableau-de-bord/{supplier.slug}/"

    client.post(url, form_data(supplier, description='Notre démarche d\'insertion & <vos> "besoins"'))
    supplier.refresh_from_db()
    client.post(url, form_data(supplier, description=form_value(client.get(url))))

    assert form_value(client.get(url)) == 'Notre démarche d\'insertion & <vos> "besoins"'
    assert public_paragraphs(client.get(f"/fournisseurs/{supplier.slug}/")) == [
        'Notre démarche d\'insertion & <vos> "besoins"'
    ]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=TEXT)
def test_description_round_trips_exactly_through_any_number_of_saves(client, typed):
    supplier = SupplierFactory()
    client.force_login(member_of(supplier))
    url = f"/tableau-de-bord/{supplier.slug}/"
    expected = expected_paragraphs(typed)

    for _ in range(2):
        # Each save re-submits what the form showed, as a member who only clicks "Enregistrer".
        supplier.refresh_from_db()
        shown = typed if _ == 0 else form_value(client.get(url))
        response = client.post(url, form_data(supplier, description=shown))
        assert response.status_code == 302
        assert form_value(client.get(url)) == "\n\n".join(expected)
        assert public_paragraphs(client.get(f"/fournisseurs/{supplier.slug}/")) == expected
