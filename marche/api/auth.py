"""Who calls the partner API: an OAuth2 client-credentials token issued by Compte inclusion.

The Marché checks a token by introspection at the provider (RFC 7662, the Marché
authenticating as its own confidential client, which the provider lets introspect the
tokens of the ``marche.suppliers.read`` scope). Answers are cached briefly in the shared
cache, so a partner's burst costs the provider one call, never past the token's expiry.
"""

import hashlib
import time
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Partner:
    client_id: str
    scopes: frozenset[str]


class AuthenticationError(Exception):
    """A refusal the partner can act on: ``status`` 401 (no or bad token), 403 (wrong scope), 503."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def bearer_token(request) -> str | None:
    """The token of the Authorization header only (never the query string, which logs keep)."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def _introspect(token: str) -> dict:
    key = "partner-token:" + hashlib.sha256(token.encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    try:
        response = requests.post(
            f"{settings.SSO_INTERNAL_URL}/o/introspect/",
            data={"token": token},
            auth=(settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET),
            timeout=5,
        )
        answer = response.json() if response.status_code == 200 else None
    except (requests.RequestException, ValueError):
        answer = None
    if not isinstance(answer, dict):
        raise AuthenticationError(
            503,
            "temporarily_unavailable",
            "Vérification du jeton impossible pour le moment : réessayez dans une minute.",
        )
    seconds = settings.PARTNER_API_INTROSPECTION_CACHE_SECONDS
    if answer.get("active"):
        # Never cached past the token's own expiry.
        seconds = min(seconds, int(answer.get("exp", 0)) - int(time.time()))
    if seconds > 0:
        cache.set(key, answer, timeout=seconds)
    return answer


def authenticate(request, scope: str) -> Partner:
    """The partner behind the request's token, or AuthenticationError.

    Rules: a client-credentials token (no person behind it) that the provider says is
    active and carries ``scope``; anything else is refused with the reason in French.
    """
    token = bearer_token(request)
    if token is None:
        raise AuthenticationError(
            401,
            "invalid_request",
            "Jeton d'accès manquant : obtenez-en un auprès de Compte inclusion (client credentials, "
            f"portée « {scope} ») et envoyez-le dans l'en-tête « Authorization: Bearer … ».",
        )
    if len(token) > 512 or not token.isascii() or not token.isprintable():
        raise AuthenticationError(401, "invalid_token", "Jeton d'accès invalide.")
    answer = _introspect(token)
    if not answer.get("active"):
        # The provider shows the Marché only the tokens of its scope: a token of another
        # client's scope reads as inactive, like an expired one.
        raise AuthenticationError(
            401,
            "invalid_token",
            "Jeton d'accès invalide, expiré, révoqué ou sans la portée "
            f"« {scope} » : demandez-en un nouveau avec cette portée.",
        )
    scopes = frozenset(str(answer.get("scope", "")).split())
    if scope not in scopes or answer.get("sub"):
        raise AuthenticationError(
            403,
            "insufficient_scope",
            f"Ce jeton ne donne pas accès à cette API : il faut un jeton « client credentials » "
            f"avec la portée « {scope} ». Demandez l'accès à l'équipe du Marché.",
        )
    return Partner(client_id=str(answer.get("client_id", "")), scopes=scopes)
