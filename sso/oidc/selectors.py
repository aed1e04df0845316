"""Reads about relying parties and authorization requests."""

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from oauth2_provider.models import get_application_model
from oauth2_provider.settings import oauth2_settings


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


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def safe_return_url(url: str | None, *, host: str) -> str:
    """``url`` when it is a safe place to send the person back to, else "".

    Rule (no open redirect): a path of our own (same host), or an address at the origin
    (scheme, host and port) of a redirect URI or post-logout URI that a registered client
    declared: the relying parties' own pages (the Marché's "refresh my organisations"
    return, for instance). Anything else, protocol-relative URLs, user:password@ hosts,
    control characters and other schemes, is refused.
    """
    if not url or not isinstance(url, str) or len(url) > 2000 or any(ord(c) < 32 or c == "\\" for c in url):
        return ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={host}):
        parts = urlsplit(url)
        if (not parts.netloc and url.startswith("/")) or (parts.netloc and parts.netloc.lower() == host.lower()):
            return url
    parts = urlsplit(url)
    if parts.scheme not in oauth2_settings.ALLOWED_REDIRECT_URI_SCHEMES or not parts.hostname or "@" in parts.netloc:
        return ""
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={parts.netloc}, require_https=False):
        return ""
    origin = _origin(url)
    for redirect_uris, post_logout_uris in get_application_model().objects.values_list(
        "redirect_uris", "post_logout_redirect_uris"
    ):
        for registered in f"{redirect_uris} {post_logout_uris}".split():
            if _origin(registered) == origin:
                return url
    return ""


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
