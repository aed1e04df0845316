"""The public search API and the partner API are limited per client IP and per partner
client: beyond the limit, 429 with Retry-After and a French message; counted in the shared
store (the database cache), so every web process sees the same counts."""

import pytest
from django.core.cache import cache

from tests.marche.api_support import valid_siret
from tests.marche.factories import SupplierFactory
from tests.marche.live_provider import live_provider, marche_uses_provider  # noqa: F401

pytestmark = pytest.mark.django_db
DAY = 86400  # a long window: the test never straddles two windows in practice


def limits(settings, api, *, ip=1000, client=1000):
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, api: {"ip": (ip, DAY), "client": (client, DAY)}}


def assert_too_many_requests(response):
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= DAY
    assert response.json()["error"].startswith(f"Trop de requêtes : réessayez dans {response['Retry-After']} secondes.")


def test_the_counters_live_in_the_shared_database_cache(settings):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    cache.set("probe", 1)
    assert cache.get("probe") == 1


def test_search_api_is_limited_per_ip(client, settings):
    limits(settings, "search", ip=2)

    first = client.get("/api/v1/suppliers/search", REMOTE_ADDR="203.0.113.7")
    second = client.get("/api/v1/suppliers/search", REMOTE_ADDR="203.0.113.7")
    third = client.get("/api/v1/suppliers/search", REMOTE_ADDR="203.0.113.7")
    elsewhere = client.get("/api/v1/suppliers/search", REMOTE_ADDR="198.51.100.9")

    assert [first.status_code, second.status_code] == [200, 200]
    assert_too_many_requests(third)
    assert elsewhere.status_code == 200


def test_a_forged_forwarded_for_header_does_not_escape_the_ip_limit(client, settings):
    limits(settings, "search", ip=1)

    client.get("/api/v1/suppliers/search", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="10.0.0.1")
    response = client.get("/api/v1/suppliers/search", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="10.0.0.2")

    assert_too_many_requests(response)


def test_autocomplete_is_limited_per_ip(client, settings):
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "autocomplete": {"ip": (1, DAY)}}

    assert client.get("/api/v1/autocomplete", {"q": "ly"}).status_code == 200
    assert_too_many_requests(client.get("/api/v1/autocomplete", {"q": "ly"}))


def test_search_api_counts_a_partner_per_client_across_ips(client, settings, marche_uses_provider):  # noqa: F811
    limits(settings, "search", client=2)
    token = marche_uses_provider.access_token("partenaire-a")
    other = marche_uses_provider.access_token("partenaire-b")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    statuses = [
        client.get("/api/v1/suppliers/search", REMOTE_ADDR=f"203.0.113.{n}", **auth).status_code for n in (1, 2)
    ]
    refused = client.get("/api/v1/suppliers/search", REMOTE_ADDR="203.0.113.3", **auth)
    other_partner = client.get("/api/v1/suppliers/search", HTTP_AUTHORIZATION=f"Bearer {other}")
    anonymous = client.get("/api/v1/suppliers/search", REMOTE_ADDR="203.0.113.3")

    assert statuses == [200, 200]
    assert_too_many_requests(refused)
    assert other_partner.status_code == 200
    assert anonymous.status_code == 200


def test_search_api_refuses_a_bad_token_rather_than_ignoring_it(client, marche_uses_provider):  # noqa: F811
    response = client.get("/api/v1/suppliers/search", HTTP_AUTHORIZATION="Bearer pas-un-jeton")

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"


@pytest.fixture
def supplier_url(marche_uses_provider):  # noqa: F811
    return f"/api/v1/suppliers/{SupplierFactory(siret=valid_siret(81234567)).siret}"


def test_partner_api_is_limited_per_ip_whatever_the_token(client, settings, marche_uses_provider, supplier_url):  # noqa: F811
    limits(settings, "partner", ip=2)
    tokens = [marche_uses_provider.access_token(c) for c in ("partenaire-a", "partenaire-b", "partenaire-a")]

    responses = [client.get(supplier_url, REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION=f"Bearer {t}") for t in tokens]
    without_token = client.get(supplier_url, REMOTE_ADDR="203.0.113.7")
    elsewhere = client.get(supplier_url, REMOTE_ADDR="198.51.100.9", HTTP_AUTHORIZATION=f"Bearer {tokens[0]}")

    assert [r.status_code for r in responses[:2]] == [200, 200]
    assert_too_many_requests(responses[2])
    # Bad or missing tokens count too: guessing tokens from one address is limited.
    assert_too_many_requests(without_token)
    assert elsewhere.status_code == 200


def test_partner_api_is_limited_per_client_across_ips(client, settings, marche_uses_provider, supplier_url):  # noqa: F811
    limits(settings, "partner", client=2)
    token = marche_uses_provider.access_token("partenaire-a")
    other = marche_uses_provider.access_token("partenaire-b")

    statuses = [
        client.get(supplier_url, REMOTE_ADDR=f"203.0.113.{n}", HTTP_AUTHORIZATION=f"Bearer {token}").status_code
        for n in (1, 2)
    ]
    refused = client.get(supplier_url, REMOTE_ADDR="203.0.113.3", HTTP_AUTHORIZATION=f"Bearer {token}")
    # A new token of the same client does not reset its count.
    new_token = marche_uses_provider.access_token("partenaire-a")
    refused_again = client.get(supplier_url, REMOTE_ADDR="203.0.113.4", HTTP_AUTHORIZATION=f"Bearer {new_token}")
    other_partner = client.get(supplier_url, REMOTE_ADDR="203.0.113.3", HTTP_AUTHORIZATION=f"Bearer {other}")

    assert statuses == [200, 200]
    assert_too_many_requests(refused)
    assert_too_many_requests(refused_again)
    assert other_partner.status_code == 200


def test_a_refused_call_is_not_counted(client, settings):
    limits(settings, "search", ip=1)

    client.get("/api/v1/suppliers/search")
    for _ in range(3):
        assert_too_many_requests(client.get("/api/v1/suppliers/search"))
    # Only the accepted call was counted: one counter, at 1.
    assert [value for key, value in _counters()] == [1]


def _counters():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM marche_cache WHERE cache_key LIKE %s", ["%ratelimit:api-search-ip%"])
        keys = [row[0].split(":", 2)[-1] for row in cursor.fetchall()]
    return [(key, cache.get(key)) for key in keys]
