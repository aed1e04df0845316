"""`manage.py check --deploy` under production settings reports nothing, for both services."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sso.oidc.keys import generate_private_key_pem

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "DATABASE_URL"))}
    env.update(
        DEBUG="0",
        SECRET_KEY="production-like-" + "x" * 60,
        ALLOWED_HOSTS="compte.inclusion.example,marche.inclusion.example",
        OIDC_RSA_PRIVATE_KEY=generate_private_key_pem(),
        OIDC_RP_CLIENT_SECRET="secret-de-production",
        VAR_DIR=str(tmp_path),
    )
    return env


@pytest.mark.parametrize("settings_module", ["sso.settings", "marche.settings"])
def test_deploy_check_reports_nothing_under_production_settings(settings_module, tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**production_env(tmp_path), "DJANGO_SETTINGS_MODULE": settings_module},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_fails_when_a_production_setting_is_weakened(tmp_path):
    # The check above can fail: turning HTTPS redirection off is reported.
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**production_env(tmp_path), "DJANGO_SETTINGS_MODULE": "sso.settings", "SECURE_SSL_REDIRECT": "0"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr
