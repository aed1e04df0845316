"""Reads about relying parties and authorization requests."""

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse
from oauth2_provider.models import get_application_model


@dataclass
class AuthorizationRequest:
    client_name: str | None
    login_hint: str


def authorization_request_from_next(next_url: str | None) -> AuthorizationRequest:
    """What a login page should say when it was reached from an authorization request.

    Only our own authorize endpoint counts; anything else gives an empty answer.
    """
    if not next_url:
        return AuthorizationRequest(None, "")
    parts = urlsplit(next_url)
    if parts.netloc or parts.path != reverse("oauth2_provider:authorize"):
        return AuthorizationRequest(None, "")
    query = parse_qs(parts.query)
    client_id = (query.get("client_id") or [""])[0]
    if not client_id or "\x00" in client_id:
        # No client to name; PostgreSQL refuses NUL in a text comparison (a 500 otherwise).
        return AuthorizationRequest(None, "")
    name = get_application_model().objects.filter(client_id=client_id).values_list("name", flat=True).first()
    return AuthorizationRequest(name or None, (query.get("login_hint") or [""])[0])


def client_credentials_scopes(application) -> frozenset[str]:
    """The scopes a client may obtain with the client-credentials grant (none for others)."""
    from .models import LEGACY_CLIENT_CREDENTIALS_SCOPES, ClientAccess

    if application.authorization_grant_type != get_application_model().GRANT_CLIENT_CREDENTIALS:
        return frozenset()
    access = ClientAccess.objects.filter(application=application).first()
    if access is None:
        return LEGACY_CLIENT_CREDENTIALS_SCOPES
    return frozenset(access.client_credentials_scopes.split())


def introspection_scopes(application) -> frozenset[str]:
    """The scopes whose tokens this client (a resource server) may introspect, beyond its own tokens."""
    from .models import ClientAccess

    access = ClientAccess.objects.filter(application=application).first()
    return frozenset(access.introspection_scopes.split()) if access else frozenset()
