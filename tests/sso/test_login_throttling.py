"""Login throttling: the account is its lower-cased email; lockouts per (account, IP) pair,
with wider ceilings per account and per IP; the client IP is read from the proxy's header
only behind trusted proxies; the lockout page says when to retry and offers the reset."""

import ipaddress
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone
from django.utils.dateformat import format as date_format
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from common.http import client_ip

from .conftest import link_in_last_mail
from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/comptes/connexion/"
NEW_PASSWORD = "Un-nouveau-mot-de-passe-2026"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 6
    settings.LOGIN_IP_FAILURE_LIMIT = 100
    settings.TRUSTED_PROXY_COUNT = 0


def attempt(email, password="mauvais-mot-de-passe", ip="10.0.0.1", **headers):
    client = Client()
    response = client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip, **headers)
    return client, response


def test_case_variants_of_an_email_are_one_account_for_throttling():
    UserFactory(email="nadia@exemple.fr")
    statuses = [
        attempt(variant)[1].status_code for variant in ("Nadia@exemple.fr", "NADIA@EXEMPLE.FR", "nadia@Exemple.fr")
    ]
    # The third failure of the same account reaches the limit (3).
    assert statuses == [200, 200, 429]

    client, response = attempt("nadia@exemple.fr", PASSWORD)

    assert response.status_code == 429
    assert client.get("/comptes/mon-compte/").status_code == 302
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"nadia@exemple.fr"}


def test_failures_from_another_ip_do_not_lock_the_victim_until_the_account_ceiling():
    UserFactory(email="nadia@exemple.fr")
    for _ in range(3):
        attempt("nadia@exemple.fr", ip="203.0.113.9")
    # The attacker's pair is locked, even with the right password…
    assert attempt("nadia@exemple.fr", PASSWORD, ip="203.0.113.9")[1].status_code == 429
    # …but the person, from their own network, still logs in.
    victim, response = attempt("nadia@exemple.fr", PASSWORD, ip="192.0.2.20")
    assert response.status_code == 302
    assert victim.get("/comptes/mon-compte/").status_code == 200

    # Failures spread over networks reach the wider per-account ceiling (6): then every pair is locked.
    for ip in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        attempt("nadia@exemple.fr", ip=ip)
    assert attempt("nadia@exemple.fr", PASSWORD, ip="192.0.2.20")[1].status_code == 429


def test_someone_elses_typos_in_the_same_office_do_not_lock_the_person():
    UserFactory(email="nadia@exemple.fr")
    for n in range(5):
        attempt(f"collegue{n}@exemple.fr", ip="192.0.2.20")

    assert attempt("nadia@exemple.fr", PASSWORD, ip="192.0.2.20")[1].status_code == 302


def test_one_ip_trying_many_accounts_reaches_the_ip_ceiling(settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 4
    UserFactory(email="nadia@exemple.fr")
    for n in range(4):
        attempt(f"cible{n}@exemple.fr", ip="203.0.113.9")

    assert attempt("nadia@exemple.fr", PASSWORD, ip="203.0.113.9")[1].status_code == 429
    assert attempt("nadia@exemple.fr", PASSWORD, ip="192.0.2.20")[1].status_code == 302


def test_forwarded_header_is_ignored_when_no_proxy_is_trusted():
    UserFactory(email="nadia@exemple.fr")
    for n in range(3):
        attempt("nadia@exemple.fr", ip="203.0.113.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    # A new forged header does not make a new pair: the TCP peer is the client.
    response = attempt("nadia@exemple.fr", PASSWORD, ip="203.0.113.9", HTTP_X_FORWARDED_FOR="192.0.2.99")[1]
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert client_ip(request) == "203.0.113.9"


def test_behind_one_trusted_proxy_the_client_is_the_last_forwarded_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(email="nadia@exemple.fr")
    proxy = "10.0.0.254"
    for n in range(3):
        # Whatever the attacker writes on the left, the proxy appends the address it saw.
        attempt("nadia@exemple.fr", ip=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.9")

    assert attempt("nadia@exemple.fr", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")[1].status_code == 429
    assert attempt("nadia@exemple.fr", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="192.0.2.20")[1].status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}


@pytest.mark.parametrize("header", ["", "pas-une-adresse", "192.0.2.1, 192.0.2.2"])
def test_client_ip_falls_back_to_the_peer_when_the_header_is_missing_short_or_unreadable(settings, header):
    settings.TRUSTED_PROXY_COUNT = 1 if header != "192.0.2.1, 192.0.2.2" else 3
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR=header)

    assert client_ip(request) == "10.0.0.254"


def test_lockout_page_says_when_to_retry_and_offers_the_password_reset(settings):
    UserFactory(email="nadia@exemple.fr")
    for _ in range(3):
        attempt("nadia@exemple.fr")

    response = attempt("nadia@exemple.fr", PASSWORD)[1]

    last = AccessAttempt.objects.get().attempt_time
    retry_at = timezone.localtime(last + timedelta(minutes=15))
    content = response.content.decode()
    assert response.status_code == 429
    expected = date_format(retry_at, "H\\hi")
    assert f'<strong data-testid="retry-at">{expected}</strong>' in content
    assert "Réessayez à partir de cette heure" in content
    assert 'href="/comptes/mot-de-passe-oublie/?email=nadia%40exemple.fr"' in content
    assert 0 < int(response["Retry-After"]) <= 15 * 60


def test_failures_during_a_lockout_do_not_push_the_retry_time_back():
    UserFactory(email="nadia@exemple.fr")
    for _ in range(3):
        attempt("nadia@exemple.fr")
    before = AccessAttempt.objects.get()

    for _ in range(3):
        assert attempt("nadia@exemple.fr")[1].status_code == 429

    after = AccessAttempt.objects.get()
    assert (after.attempt_time, after.failures_since_start) == (before.attempt_time, before.failures_since_start)


def test_a_password_reset_unlocks_the_account():
    UserFactory(email="nadia@exemple.fr")
    for _ in range(3):
        attempt("nadia@exemple.fr")
    client = Client()
    client.post("/comptes/mot-de-passe-oublie/", {"email": "nadia@exemple.fr"}, REMOTE_ADDR="10.0.0.1")
    client.post(
        link_in_last_mail("/comptes/mot-de-passe-oublie/"),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )

    assert attempt("nadia@exemple.fr", NEW_PASSWORD)[1].status_code == 302


@given(header=st.text(max_size=200), count=st.integers(min_value=0, max_value=4))
@hypothesis_settings(max_examples=100, deadline=None)
def test_client_ip_is_the_peer_or_the_address_the_trusted_proxies_wrote(header, count):
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR=header)

    with override_settings(TRUSTED_PROXY_COUNT=count):
        ip = client_ip(request)

    if count == 0 or len(hops) < count:
        assert ip == "10.0.0.254"
        return
    try:
        expected = str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        expected = "10.0.0.254"
    assert ip == expected
