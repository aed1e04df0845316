"""Writes about the Marché's local users, from Compte inclusion's claims: login, the
sessions a login opened, and their end by a back-channel logout."""

import json
import logging
import time
from datetime import timedelta
from importlib import import_module

import requests
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from jwcrypto import jwk, jws, jwt
from jwcrypto.common import JWException

from .models import LoginSession, LogoutTokenUse, User

logger = logging.getLogger(__name__)
BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"


class LoginRefused(Exception):
    """The provider vouched for the person but the Marché refuses them; the message says why, in French."""


def _legacy_marche_id(claims: dict) -> str | None:
    for origin in claims.get("linked_accounts") or []:
        if origin.get("source") == "marche":
            return str(origin.get("id"))
    return None


@transaction.atomic
def user_from_claims(claims: dict) -> User:
    """Find, link or create the local user for verified OIDC claims, and refresh it.

    Rules: the local user is found by ``sub``. Otherwise a user that existed before
    the SSO is linked once: first by its imported ``marche`` origin, else by the same
    verified email; it keeps its data. A local user already linked to another ``sub`` is
    never taken over (a new user is created instead of stealing it, or login is refused
    when the origin says it is theirs). An inactive local user is refused. Names, email
    and organisations are refreshed from the claims at every login.
    """
    sub = claims["sub"]
    user = User.objects.select_for_update().filter(sub=sub).first()
    if user is None:
        user = _link_existing(claims)
    if user is None:
        user = User(sub=sub, username=sub)
    if not user.is_active:
        raise LoginRefused(
            "Votre compte sur le Marché de l'inclusion est désactivé. Contactez le support pour le réactiver."
        )
    user.sub = sub
    user.email = claims.get("email", "")
    user.email_verified = bool(claims.get("email_verified"))
    user.first_name = claims.get("given_name", "")
    user.last_name = claims.get("family_name", "")
    user.organizations = claims.get("organizations") or []
    user.save()
    return user


def _link_existing(claims: dict) -> User | None:
    legacy_id = _legacy_marche_id(claims)
    if legacy_id:
        legacy = User.objects.select_for_update().filter(legacy_id=legacy_id).first()
        if legacy is not None:
            if legacy.sub and legacy.sub != claims["sub"]:
                raise LoginRefused(
                    "Votre ancien compte du Marché est déjà relié à un autre Compte inclusion. "
                    "Contactez le support pour régulariser la situation."
                )
            return legacy
    if claims.get("email_verified") and claims.get("email"):
        return User.objects.select_for_update().filter(sub__isnull=True, email__iexact=claims["email"]).first()
    return None


# --- sessions and back-channel logout ------------------------------------------------


def record_login_session(*, user: User, session_key: str, sid: str = "") -> None:
    """Remember that this session belongs to ``user`` (and to the provider's session ``sid``)."""
    LoginSession.objects.update_or_create(session_key=session_key, defaults={"user": user, "sid": sid or ""})


def end_sessions(*, user: User | None = None, sid: str = "") -> int:
    """End the sessions of ``user`` (all of them) or those opened under the provider's session ``sid``."""
    records = LoginSession.objects.all()
    if user is not None:
        records = records.filter(user=user)
    elif sid:
        records = records.filter(sid=sid)
    else:
        return 0
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(records.values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    records.delete()
    return len(keys)


class InvalidLogoutToken(Exception):
    """The logout token is refused; the message says why (in French, for the provider's logs)."""


class KeysUnavailable(Exception):
    """The provider's keys could not be fetched: nothing can be verified now."""


def _provider_keys() -> jwk.JWKSet:
    try:
        response = requests.get(settings.OIDC_OP_JWKS_ENDPOINT, timeout=5)
        response.raise_for_status()
        return jwk.JWKSet.from_json(response.text)
    except (requests.RequestException, JWException, ValueError) as exc:
        raise KeysUnavailable(str(exc)) from exc


def _audience_is_ours(audience) -> bool:
    if isinstance(audience, str):
        return audience == settings.OIDC_RP_CLIENT_ID
    return isinstance(audience, list) and settings.OIDC_RP_CLIENT_ID in audience


def logout_token_claims(token: str) -> dict:
    """Validate a logout token as OpenID Connect Back-Channel Logout 1.0 (section 2.6) says.

    Rules: an RS256 signature by one of the provider's keys (its JWKS); ``typ``, when
    present, is ``logout+jwt`` (an ID token is not a logout token); ``iss`` is the
    provider; ``aud`` is our client id; ``iat`` is recent (BACKCHANNEL_LOGOUT_MAX_AGE_SECONDS,
    a little clock skew allowed) and ``exp``, when present, is not past; ``events`` holds
    the back-channel logout event; ``sub`` or ``sid`` is there; no ``nonce``; a ``jti``
    (checked for replay by the caller).
    """
    if not isinstance(token, str) or not token or len(token) > 8192:
        raise InvalidLogoutToken("jeton absent ou trop long")
    keys = _provider_keys()
    try:
        verified = jwt.JWT(jwt=token, key=keys, algs=["RS256"], check_claims=False)
        header = json.loads(verified.header)
        claims = json.loads(verified.claims)
    except (JWException, jws.InvalidJWSSignature, ValueError, TypeError, KeyError) as exc:
        raise InvalidLogoutToken(f"signature ou format invalide ({type(exc).__name__})") from exc
    if not isinstance(claims, dict) or not isinstance(header, dict):
        raise InvalidLogoutToken("le jeton n'est pas un objet JSON")
    if header.get("typ", "logout+jwt") != "logout+jwt":
        raise InvalidLogoutToken("type de jeton inattendu")
    if claims.get("iss") != settings.SSO_ISSUER:
        raise InvalidLogoutToken("émetteur inconnu")
    if not _audience_is_ours(claims.get("aud")):
        raise InvalidLogoutToken("jeton destiné à un autre service")
    now = time.time()
    iat = claims.get("iat")
    if not isinstance(iat, int | float) or isinstance(iat, bool):
        raise InvalidLogoutToken("date d'émission absente")
    if iat < now - settings.BACKCHANNEL_LOGOUT_MAX_AGE_SECONDS or iat > now + 60:
        raise InvalidLogoutToken("jeton trop ancien ou daté du futur")
    exp = claims.get("exp")
    if exp is not None and (not isinstance(exp, int | float) or isinstance(exp, bool) or exp < now):
        raise InvalidLogoutToken("jeton expiré")
    events = claims.get("events")
    if not isinstance(events, dict) or not isinstance(events.get(BACKCHANNEL_LOGOUT_EVENT), dict):
        raise InvalidLogoutToken("événement de déconnexion absent")
    if "nonce" in claims:
        raise InvalidLogoutToken("un jeton de déconnexion ne porte pas de nonce")
    sub, sid = claims.get("sub"), claims.get("sid")
    if not (isinstance(sub, str) and sub) and not (isinstance(sid, str) and sid):
        raise InvalidLogoutToken("ni sub ni sid")
    jti = claims.get("jti")
    if not isinstance(jti, str) or not jti or len(jti) > 255:
        raise InvalidLogoutToken("identifiant de jeton (jti) absent")
    return claims


def back_channel_logout(*, token: str) -> int:
    """End the sessions a valid logout token names; returns how many ended.

    Rules: see :func:`logout_token_claims`; a token is accepted once (its ``jti`` is kept
    beyond the token's validity, then forgotten); ``sub`` ends every session of that
    person, ``sid`` alone those opened under that provider session. An unknown person is
    no error (they may never have come, or their sessions already ended).
    """
    claims = logout_token_claims(token)
    LogoutTokenUse.objects.filter(
        used_at__lt=timezone.now() - timedelta(seconds=2 * settings.BACKCHANNEL_LOGOUT_MAX_AGE_SECONDS + 120)
    ).delete()
    try:
        with transaction.atomic():
            LogoutTokenUse.objects.create(jti=claims["jti"])
    except IntegrityError as exc:
        raise InvalidLogoutToken("jeton déjà utilisé") from exc
    sub = claims.get("sub")
    if isinstance(sub, str) and sub:
        user = User.objects.filter(sub=sub).first()
        ended = end_sessions(user=user) if user is not None else 0
    else:
        ended = end_sessions(sid=claims["sid"])
    logger.info("Back-channel logout of sub=%s sid=%s: %d session(s) ended", sub, claims.get("sid"), ended)
    return ended
