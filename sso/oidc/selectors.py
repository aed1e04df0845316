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


def relying_parties_used_by(user) -> list:
    """The clients this person used and that take back-channel logout tokens.

    Rule: "used" means the client holds something of the person's at the provider: an
    access token, a refresh token not yet revoked, an ID token or a pending code.
    """
    from oauth2_provider.models import (
        get_access_token_model,
        get_grant_model,
        get_id_token_model,
        get_refresh_token_model,
    )

    application_ids = set()
    application_ids.update(get_access_token_model().objects.filter(user=user).values_list("application", flat=True))
    application_ids.update(
        get_refresh_token_model().objects.filter(user=user, revoked__isnull=True).values_list("application", flat=True)
    )
    application_ids.update(get_id_token_model().objects.filter(user=user).values_list("application", flat=True))
    application_ids.update(get_grant_model().objects.filter(user=user).values_list("application", flat=True))
    application_ids.discard(None)
    return list(
        get_application_model()
        .objects.filter(pk__in=application_ids, backchannel_logout__isnull=False)
        .select_related("backchannel_logout")
        .order_by("client_id")
    )
