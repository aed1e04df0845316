"""Property: whatever the path or query string (NUL bytes, control characters, invalid UTF-8,
very long), every response of Compte inclusion carries the security headers and none is a 500.

Bounded to pages of this slice (home, admin, health, unknown paths); the accounts, OIDC and
organisation endpoints have their owners' suites."""

import pytest
from django.conf import settings as django_settings
from hypothesis import given
from hypothesis import strategies as st

from tests.hostile_input import hostile_path, hostile_query
from tests.security_headers import ADMIN_CSP, PUBLIC_CSP, assert_security_headers

pytestmark = pytest.mark.django_db

EXPECTED = {200, 301, 302, 400, 403, 404, 405}
PAGES = ["/", "/admin/", "/admin/login/", "/healthz", "/.well-known/openid-configuration"]


def policy_for(path: str):
    return ADMIN_CSP if path.startswith(django_settings.CSP_ADMIN_URL_PREFIXES) else PUBLIC_CSP


@given(path=hostile_path)
def test_sso_hostile_path_gets_the_security_headers_and_never_a_500(client, path):
    response = client.get(path)

    assert response.status_code in EXPECTED, (path, response.status_code)
    assert_security_headers(response, csp=policy_for(response.wsgi_request.path_info))


@given(page=st.sampled_from(PAGES), query=hostile_query)
def test_sso_hostile_query_string_gets_the_security_headers_and_never_a_500(client, page, query):
    response = client.get(f"{page}?{query}")

    assert response.status_code in EXPECTED, (page, query, response.status_code)
    assert_security_headers(response, csp=policy_for(page))
