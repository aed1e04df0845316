"""Property-based (hypothesis): the search API, the autocomplete and the search page take
any parameters (names among theirs and others, arbitrary Unicode text, control
characters, very long values) and never answer a 500. The API's 400 names a parameter
that was sent; one wrong value among good ones is a 400 naming exactly that parameter.
Runs on SQLite and on PostgreSQL (CI, NUL bytes are what PostgreSQL refuses).
Control characters alone are tests/search/test_control_characters.py."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marche.sectors.taxonomy import service_kinds, structure_kinds
from search.query import MAX_PAGE_SIZE, MAX_RESULT_WINDOW, SORTS

from .conftest import COMMUNES

pytestmark = pytest.mark.django_db

API = "/api/v1/suppliers/search"
API_PARAMETERS = [
    "q", "sector", "kind", "service", "near", "radius", "serves", "department", "region", "certified", "sort",
    "page", "page_size",
]  # fmt: skip
PAGE_PARAMETERS = [
    "q", "commune", "commune_insee", "mode", "radius", "sector", "kind", "service", "department", "region",
    "certified", "sort", "page", "page_size",
]  # fmt: skip

INSEE = [insee for insee, *_ in COMMUNES]
LOCATED_INSEE = [insee for insee, _, _, _, lat, _ in COMMUNES if lat is not None]
KINDS = [code for code, _ in structure_kinds()]
SERVICES = [code for code, _ in service_kinds()]
SECTORS = ["menuiserie", "travail-du-bois", "nettoyage-de-locaux"]
DEPARTMENTS = sorted({dept for _, _, dept, *_ in COMMUNES})
REGIONS = sorted({region for _, _, _, region, *_ in COMMUNES})

# Any text: every Unicode category (no lone surrogates, which no URL can carry), control
# characters included, sometimes repeated into a very long value.
ANY_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=20),
    st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=8), st.integers(100, 2000)),
)
ANY_VALUES = st.lists(ANY_TEXT, min_size=1, max_size=3)


def hostile_params(names):
    """Parameters whose names come from ``names`` or anywhere, with any values."""
    key = st.one_of(st.sampled_from(names), st.text(min_size=1, max_size=20))
    return st.dictionaries(key, ANY_VALUES, max_size=6)


def _is_int_in(text, low, high):
    try:
        return low <= int(text.strip()) <= high
    except ValueError:
        return False


def bad_integer(low, high):
    return st.one_of(
        st.integers().filter(lambda n: not low <= n <= high).map(str),
        st.text(min_size=1, max_size=12).filter(lambda t: t.strip() and not _is_int_in(t, low, high)),
    )


def not_in(accepted):
    return st.text(min_size=1, max_size=60).filter(lambda t: t.strip() and t not in accepted)


BAD_VALUES = {
    "near": not_in(LOCATED_INSEE).filter(lambda t: t.strip() not in LOCATED_INSEE),
    "serves": not_in(INSEE).filter(lambda t: t.strip() not in INSEE),
    "radius": bad_integer(1, 1000),
    # With the default page_size (20): beyond 500, page × page_size passes the deepest result.
    "page": bad_integer(1, MAX_RESULT_WINDOW // 20),
    "page_size": bad_integer(1, MAX_PAGE_SIZE),
    "sort": not_in(SORTS),
    "certified": not_in([]).filter(lambda t: t.lower() not in ("", "true", "false", "1", "0", "on")),
    "service": not_in(SERVICES),
    "kind": not_in(KINDS),
    "sector": not_in(SECTORS),
    "department": not_in(DEPARTMENTS),
    "region": not_in(REGIONS),
}

GOOD_PARAMS = st.fixed_dictionaries(
    {},
    optional={
        "q": st.text(alphabet=st.characters(categories=["L", "N", "Zs", "P"]), max_size=30),
        "near": st.sampled_from(LOCATED_INSEE),
        "radius": st.integers(1, 1000).map(str),
        "serves": st.sampled_from(INSEE),
        "sort": st.sampled_from(["relevance", "name"]),
        "certified": st.sampled_from(["true", "false", "1", "0", "on", ""]),
        "service": st.lists(st.sampled_from(SERVICES), max_size=3),
        "kind": st.lists(st.sampled_from(KINDS), max_size=3),
        "sector": st.lists(st.sampled_from(SECTORS), max_size=3),
        "department": st.lists(st.sampled_from(DEPARTMENTS), max_size=3),
        "region": st.lists(st.sampled_from(REGIONS), max_size=3),
        "page": st.integers(1, 10).map(str),
        "page_size": st.integers(1, MAX_PAGE_SIZE).map(str),
    },
)


@given(params=hostile_params(API_PARAMETERS))
def test_search_api_never_answers_500_and_a_400_names_a_parameter_sent(client, catalogue, params):
    response = client.get(API, params)

    assert response.status_code in (200, 400), response.content[:300]
    body = response.json()
    if response.status_code == 400:
        assert set(body) == {"error", "parameter"}
        assert body["error"]
        assert body["parameter"] in {name[:40] for name in params}
    else:
        assert set(body) == {"count", "count_is_lower_bound", "page", "num_pages", "results", "facets"}
        assert len(body["results"]) <= body["count"]


@given(good=GOOD_PARAMS, data=st.data())
def test_one_wrong_value_among_good_ones_is_a_400_naming_it(client, catalogue, good, data):
    parameter = data.draw(st.sampled_from(sorted(BAD_VALUES)), label="parameter")
    bad = data.draw(BAD_VALUES[parameter], label="bad value")
    params = {**good, parameter: bad}
    if parameter == "page":
        params.pop("page_size", None)  # page × page_size is the page's own rule

    response = client.get(API, params)

    assert response.status_code == 400, response.content[:300]
    assert response.json()["parameter"] == parameter


@given(good=GOOD_PARAMS)
def test_good_values_are_always_answered(client, catalogue, good):
    response = client.get(API, good)

    assert response.status_code == 200, response.content[:300]
    assert response.json()["page"] == int(good.get("page", 1))


@given(q=ANY_TEXT, kind=st.one_of(st.sampled_from(["", "supplier", "sector", "commune"]), ANY_TEXT))
def test_autocomplete_never_answers_500(client, catalogue, q, kind):
    response = client.get("/api/v1/autocomplete", {"q": q, "type": kind})

    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 400:
        assert response.json()["parameter"] in ("q", "type")
    else:
        assert kind in ("", "supplier", "sector", "commune")
        assert set(response.json()) <= {"communes", "sectors", "suppliers"}


@given(params=hostile_params(PAGE_PARAMETERS), mode=st.sampled_from(["near", "serves", None]))
def test_search_page_never_answers_500(client, catalogue, params, mode):
    if mode:
        params = {**params, "mode": mode}

    response = client.get("/recherche/", params)

    assert response.status_code in (200, 400), response.content[:300]
    assert "Trouver un fournisseur inclusif" in response.content.decode()
