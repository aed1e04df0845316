"""The directory API checks every parameter before it reads the database: a 400 whose JSON
names the bad parameter, never a 500 (NUL bytes, impossible dates, huge strings, unknown kinds)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .factories import OrganizationFactory
from .test_directory_api import URL, get, token  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"changed_since": "2024-02-30T00:00:00+00:00"}, "changed_since"),
        ({"changed_since": "2024-02-30"}, "changed_since"),
        ({"changed_since": "2024-01-01T00:00:00"}, "changed_since"),
        ({"changed_since": "0001-01-01T00:00:00+14:00"}, "changed_since"),
        ({"changed_since": "9999-12-31T23:59:59-14:00"}, "changed_since"),
        ({"changed_since": "2024-01-01T00:00:00+00:00\x00"}, "changed_since"),
        ({"changed_since": "2" * 100_000}, "changed_since"),
        ({"kind": "EI\x00"}, "kind"),
        ({"kind": "PIZZERIA"}, "kind"),
        ({"kind": "K" * 10_000}, "kind"),
        ({"page": "1\x00"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "9" * 5000}, "page"),
        ({"page_size": "١٠"}, "page_size"),
        ({"page_size": "501"}, "page_size"),
        ({"sort": "name"}, "sort"),
    ],
)
def test_bad_parameter_is_a_400_naming_it(client, token, params, parameter):  # noqa: F811
    OrganizationFactory()

    response = get(client, token, **params)

    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_parameter_given_twice_is_a_400_naming_it(client, token):  # noqa: F811
    response = client.get(f"{URL}?page=1&page=2", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 400
    assert response.json()["parameter"] == "page"


@pytest.mark.parametrize("bad", ["jeton\x00", "jeton\n", "é" * 10, "x" * 10_000])
def test_malformed_access_token_is_a_401_before_any_lookup(client, bad, django_assert_num_queries):
    with django_assert_num_queries(0):
        by_header = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {bad}")
        by_query = client.get(URL, {"access_token": bad})

    assert (by_header.status_code, by_query.status_code) == (401, 401)


def test_valid_parameters_still_answer(client, token):  # noqa: F811
    organization = OrganizationFactory(kind="ACI")

    response = get(client, token, kind="ACI", changed_since="2000-01-01T00:00:00+00:00", page="1", page_size="10")

    assert response.status_code == 200
    assert [o["id"] for o in response.json()["results"]] == [str(organization.public_id)]


NAMES = st.sampled_from(["kind", "changed_since", "page", "page_size", "sort", "q"])
TEXT = st.text(st.characters(codec="utf-8"), max_size=80) | st.text(
    st.sampled_from(["\x00", "\n", "\r", "\t", "\x7f", "\u2028", "-", "+", ":", "T", "0", "9", "é"]), max_size=40
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(NAMES, TEXT, max_size=3))
def test_arbitrary_parameters_never_give_a_500(client, token, params):  # noqa: F811
    response = get(client, token, **params)

    assert response.status_code in (200, 400, 404), response.content
    if response.status_code == 400:
        assert response.json()["parameter"] in params
