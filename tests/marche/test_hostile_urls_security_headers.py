"""Property: whatever the path or query string (NUL bytes, control characters, invalid UTF-8,
very long), every response of the Marché carries the security headers and none is a 500.

Bounded to the URLs of this slice (the page tree, the admin, login, media, health); the
search page and APIs have their own suites."""

import pytest
from django.conf import settings as django_settings
from hypothesis import given
from hypothesis import strategies as st

from tests.hostile_input import hostile_path, hostile_query
from tests.security_headers import ADMIN_CSP, PUBLIC_CSP, assert_security_headers

pytestmark = pytest.mark.django_db

# Statuses a hostile URL may get: a page, a redirect (trailing slash, login), a refusal.
EXPECTED = {200, 301, 302, 400, 403, 404, 405}
PAGES = ["/", "/connexion/echec/", "/oidc/authenticate/", "/admin/", "/admin/pages/", "/healthz", "/media/x.png"]
OWN_PREFIXES = ("/admin", "/django-admin", "/oidc", "/connexion", "/media", "/healthz", "/documents")


def policy_for(path: str):
    return ADMIN_CSP if path.startswith(django_settings.CSP_ADMIN_URL_PREFIXES) else PUBLIC_CSP


@given(path=hostile_path)
def test_marche_hostile_path_gets_the_security_headers_and_never_a_500(client, path):
    # Other engineers' URLs (search, suppliers) are exercised by their own suites.
    if path.startswith(("/recherche", "/api", "/fournisseurs", "/tableau-de-bord")):
        path = "/x" + path

    response = client.get(path)

    assert response.status_code in EXPECTED, (path, response.status_code)
    assert_security_headers(response, csp=policy_for(response.wsgi_request.path_info))


@given(page=st.sampled_from(PAGES), query=hostile_query)
def test_marche_hostile_query_string_gets_the_security_headers_and_never_a_500(client, page, query):
    response = client.get(f"{page}?{query}")

    assert response.status_code in EXPECTED, (page, query, response.status_code)
    assert_security_headers(response, csp=policy_for(page))


@given(prefix=st.sampled_from(OWN_PREFIXES), path=hostile_path)
def test_marche_hostile_path_under_its_own_prefixes_never_a_500(client, prefix, path):
    response = client.get(prefix + path)

    assert response.status_code in EXPECTED, (prefix + path, response.status_code)
    assert_security_headers(response, csp=policy_for(prefix + "/"))
