"""A NUL byte in an OpenID Connect parameter names no client: the login page and the
logout page answer normally (PostgreSQL refuses NUL in a query: a 500 there before)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_with_a_nul_byte_in_the_client_id_of_next_answers_without_naming_a_client(client):
    next_url = reverse("oauth2_provider:authorize") + "?client_id=marche%00x&response_type=code"

    response = client.get(reverse("accounts:login"), {"next": next_url})

    assert response.status_code == 200
    assert "<h1>Connexion à Compte inclusion</h1>" in response.content.decode()


def test_logout_with_a_nul_byte_in_the_client_id_offers_the_logout_page(client):
    response = client.get(reverse("oauth2_provider:rp-initiated-logout"), {"client_id": "a\x00b"})

    assert response.status_code == 200
