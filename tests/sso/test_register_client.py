from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from oauth2_provider.models import get_application_model

pytestmark = pytest.mark.django_db
Application = get_application_model()


def register(*args):
    out = StringIO()
    call_command("register_client", *args, stdout=out)
    return out.getvalue()


def test_confidential_client_secret_is_printed_once_and_stored_hashed():
    output = register(
        "--client-id",
        "emplois",
        "--name",
        "Les emplois",
        "--confidential",
        "--redirect-uri",
        "https://emplois.example/cb",
    )

    secret = output.split("Secret (affiché une seule fois, conservez-le) : ")[1].strip()
    application = Application.objects.get(client_id="emplois")
    assert application.client_secret != secret
    assert application.client_secret.startswith("pbkdf2_sha256$") or "$" in application.client_secret
    assert application.algorithm == "RS256"

    again = register(
        "--client-id",
        "emplois",
        "--name",
        "Les emplois",
        "--confidential",
        "--redirect-uri",
        "https://emplois.example/cb2",
    )
    assert "Secret" not in again
    application.refresh_from_db()
    assert application.redirect_uris == "https://emplois.example/cb2"
    assert Application.objects.filter(client_id="emplois").count() == 1


def test_public_client_has_no_secret():
    output = register("--client-id", "spa", "--name", "SPA", "--public", "--redirect-uri", "https://spa.example/cb")

    assert "Secret" not in output
    assert Application.objects.get(client_id="spa").client_type == Application.CLIENT_PUBLIC


def test_authorization_code_client_without_redirect_uri_is_refused():
    with pytest.raises(CommandError, match="URI de redirection"):
        register("--client-id", "x", "--name", "X", "--confidential")


def test_wildcard_redirect_uri_is_refused():
    with pytest.raises(CommandError):
        register("--client-id", "x", "--name", "X", "--confidential", "--redirect-uri", "not a uri")
