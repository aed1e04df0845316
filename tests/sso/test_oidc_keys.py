"""The signing key comes from settings; a rotated-out key stays in the JWKS."""

import pytest
import requests

from sso.oidc.keys import generate_private_key_pem, inactive_private_keys

pytestmark = pytest.mark.django_db(transaction=True)


def test_previous_key_stays_published_during_a_rotation(provider, settings):
    previous = generate_private_key_pem()
    settings.OAUTH2_PROVIDER = {**settings.OAUTH2_PROVIDER, "OIDC_RSA_PRIVATE_KEYS_INACTIVE": [previous]}

    keys = requests.get(f"{provider}/.well-known/jwks.json").json()["keys"]

    assert len(keys) == 2
    assert len({key["kid"] for key in keys}) == 2


def test_inactive_keys_are_read_from_the_environment(monkeypatch):
    first, second = generate_private_key_pem(), generate_private_key_pem()
    monkeypatch.setenv("OIDC_RSA_PRIVATE_KEYS_INACTIVE", f"{first}\n{second}")

    assert inactive_private_keys() == [first.strip(), second.strip()]


def test_production_refuses_to_start_without_a_signing_key(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from sso.oidc.keys import private_key

    monkeypatch.delenv("OIDC_RSA_PRIVATE_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured):
        private_key(debug=False)
