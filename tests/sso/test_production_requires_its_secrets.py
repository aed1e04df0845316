"""Rule: DEBUG defaults to off, and production (DEBUG off) refuses to start without its
secrets, with an error naming the missing variable; DEBUG=1 (make run, the tests) starts
with generated development secrets. Both services, each in a fresh process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sso.oidc.keys import generate_private_key_pem

ROOT = Path(__file__).resolve().parents[2]
SECRETS = ("SECRET_KEY", "OIDC_RSA_PRIVATE_KEY", "OIDC_RP_CLIENT_SECRET", "DIRECTORY_CLIENT_SECRET")
PRINT_DEBUG = "import django; django.setup(); from django.conf import settings; print('DEBUG', settings.DEBUG)"


def start(settings_module, tmp_path, **variables):
    """Import the settings in a new process, with none of this one's DEBUG or secrets."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", *SECRETS}}
    env.update(DJANGO_SETTINGS_MODULE=settings_module, VAR_DIR=str(tmp_path), **variables)
    return subprocess.run(
        [sys.executable, "-c", PRINT_DEBUG], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("settings_module", ["sso.settings", "marche.settings"])
def test_without_debug_and_without_secrets_the_service_refuses_to_start_naming_secret_key(settings_module, tmp_path):
    result = start(settings_module, tmp_path)

    assert result.returncode != 0
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("common.env.MissingSecret: SECRET_KEY must be set when DEBUG is off")
    assert not (tmp_path / "secrets").exists()  # nothing generated


def test_the_provider_refuses_to_start_without_its_oidc_private_key(tmp_path):
    result = start("sso.settings", tmp_path, SECRET_KEY="x" * 60)

    assert result.returncode != 0
    assert "OIDC_RSA_PRIVATE_KEY must be set when DEBUG is off" in result.stderr


def test_the_marche_refuses_to_start_without_its_oidc_client_secret(tmp_path):
    result = start("marche.settings", tmp_path, SECRET_KEY="x" * 60)

    assert result.returncode != 0
    assert "OIDC_RP_CLIENT_SECRET must be set when DEBUG is off" in result.stderr


@pytest.mark.parametrize(
    "settings_module, secrets",
    [
        ("sso.settings", {"OIDC_RSA_PRIVATE_KEY": generate_private_key_pem()}),
        ("marche.settings", {"OIDC_RP_CLIENT_SECRET": "secret-de-production"}),
    ],
)
def test_with_its_secrets_production_starts_with_debug_off(settings_module, secrets, tmp_path):
    result = start(settings_module, tmp_path, SECRET_KEY="x" * 60, **secrets)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "DEBUG False"


@pytest.mark.parametrize("settings_module", ["sso.settings", "marche.settings"])
def test_with_debug_on_the_service_starts_without_secrets(settings_module, tmp_path):
    result = start(settings_module, tmp_path, DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "DEBUG True"
