"""Property: whatever the query string or the path under /besoins/ (NUL bytes, control
characters, invalid UTF-8, very long), the needs' pages answer with the security headers
and never a 500 — anonymous or signed in as a verified buyer."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marche.needs.models import NeedStatus
from tests.hostile_input import hostile_path, hostile_query
from tests.security_headers import assert_security_headers

from .need_support import attach, buyer_org, buyer_user, make_need

pytestmark = pytest.mark.django_db

EXPECTED = {200, 301, 302, 400, 403, 404, 405}
PAGES = ["/besoins/", "/besoins/deposer/", "/besoins/mes-besoins/"]
HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


@settings(max_examples=60, deadline=None, suppress_health_check=HEALTH)
@given(page=st.sampled_from(PAGES), query=hostile_query, signed_in=st.booleans())
def test_hostile_query_strings_never_a_500(client, page, query, signed_in):
    if signed_in:
        client.force_login(buyer_user())
    else:
        client.logout()

    response = client.get(f"{page}?{query}")

    assert response.status_code in EXPECTED, (page, query, response.status_code)
    assert_security_headers(response)


@settings(max_examples=60, deadline=None, suppress_health_check=HEALTH)
@given(path=hostile_path)
def test_hostile_paths_under_a_need_never_a_500(client, path):
    org = buyer_org()
    need = make_need(org)
    client.force_login(buyer_user(org))

    for prefix in (f"/besoins/{need.uid}", f"/besoins/{need.uid}/modifier", f"/besoins/{need.uid}/pieces-jointes"):
        response = client.get(prefix + path)
        assert response.status_code in EXPECTED, (prefix + path, response.status_code)
        assert_security_headers(response)


def test_an_attachment_download_carries_the_security_headers(client, private_root):
    org = buyer_org()
    need = make_need(org, status=NeedStatus.SUBMITTED)
    attachment = attach(need)
    client.force_login(buyer_user(org))

    response = client.get(f"/besoins/{need.uid}/pieces-jointes/{attachment.uid}/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert_security_headers(response)
