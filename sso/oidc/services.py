"""Writes about relying parties (OIDC clients) of Compte inclusion: registration, token
revocation and back-channel logout."""

import json
import logging
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from jwcrypto import jwt
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import get_application_model
from oauth2_provider.settings import oauth2_settings
from oauth2_provider.utils import jwk_from_pem

from .models import BackChannelLogout
from .selectors import relying_parties_used_by

Application = get_application_model()
logger = logging.getLogger(__name__)

BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"


@dataclass
class RegisteredClient:
    application: Application
    created: bool
    # The clear secret, only when it was just set: it is stored hashed and never shown again.
    secret: str | None


@transaction.atomic
def register_client(
    *,
    client_id: str,
    name: str,
    confidential: bool,
    redirect_uris: list[str],
    post_logout_redirect_uris: list[str] = (),
    skip_consent: bool = False,
    grant_type: str = Application.GRANT_AUTHORIZATION_CODE,
    secret: str | None = None,
    rotate_secret: bool = False,
    backchannel_logout_uri: str | None = None,
    scopes: list[str] | None = None,
    introspection_scopes: list[str] | None = None,
) -> RegisteredClient:
    """Create or update the client ``client_id``. Idempotent.

    Rules: redirect URIs match exactly (no wildcard); ID tokens are RS256; a confidential
    client gets a secret at creation (or when ``secret``/``rotate_secret`` is given), which
    is returned once and stored hashed; a public client has no secret and must use PKCE.
    ``backchannel_logout_uri`` (when given; "" removes it) receives logout tokens.
    A client-credentials client obtains only ``scopes`` (machine scopes: ``directory`` by
    default, ``marche.suppliers.read`` for a partner of the Marché's lookup API); a resource
    server may introspect other clients' tokens that carry one of ``introspection_scopes``.
    ``None`` keeps what was registered before.
    """
    from .models import LEGACY_CLIENT_CREDENTIALS_SCOPES, MACHINE_SCOPES, ClientAccess

    for scope in [*(scopes or []), *(introspection_scopes or [])]:
        if scope not in MACHINE_SCOPES:
            raise ValueError(f"Portée inconnue « {scope} » : choisissez parmi {', '.join(sorted(MACHINE_SCOPES))}.")
    if scopes and grant_type != Application.GRANT_CLIENT_CREDENTIALS:
        raise ValueError("Les portées « --scope » ne concernent que les clients « client credentials ».")
    if grant_type == Application.GRANT_AUTHORIZATION_CODE and not redirect_uris:
        raise ValueError("Un client « authorization code » doit déclarer au moins une URI de redirection.")
    if grant_type == Application.GRANT_CLIENT_CREDENTIALS and not confidential:
        raise ValueError("Un client « client credentials » doit être confidentiel.")
    application = Application.objects.filter(client_id=client_id).first()
    created = application is None
    if created:
        application = Application(client_id=client_id)
    application.name = name
    application.client_type = Application.CLIENT_CONFIDENTIAL if confidential else Application.CLIENT_PUBLIC
    application.authorization_grant_type = grant_type
    application.redirect_uris = " ".join(redirect_uris)
    application.post_logout_redirect_uris = " ".join(post_logout_redirect_uris)
    application.skip_authorization = skip_consent
    application.algorithm = Application.RS256_ALGORITHM
    application.hash_client_secret = True

    new_secret = None
    if confidential and (created or secret or rotate_secret):
        new_secret = secret or generate_client_secret()
        application.client_secret = new_secret
    elif not confidential:
        application.client_secret = ""
    application.full_clean(exclude=["client_secret", "user"])
    application.save()
    if backchannel_logout_uri is not None:
        _set_backchannel_logout_uri(application, backchannel_logout_uri)
    access = ClientAccess.objects.filter(application=application).first() or ClientAccess(application=application)
    if scopes is not None:
        access.client_credentials_scopes = " ".join(sorted(set(scopes)))
    elif access.pk is None and grant_type == Application.GRANT_CLIENT_CREDENTIALS:
        access.client_credentials_scopes = " ".join(sorted(LEGACY_CLIENT_CREDENTIALS_SCOPES))
    if grant_type != Application.GRANT_CLIENT_CREDENTIALS:
        access.client_credentials_scopes = ""
    if introspection_scopes is not None:
        access.introspection_scopes = " ".join(sorted(set(introspection_scopes)))
    access.save()
    return RegisteredClient(application=application, created=created, secret=new_secret)


@transaction.atomic
def revoke_all_tokens(user) -> int:
    """Revoke every grant, access, refresh and ID token of ``user``, for every client.

    Rule: afterwards the token endpoint refuses the refresh tokens (invalid_grant) and
    userinfo refuses the access tokens (401). Refresh tokens are marked revoked (DOT keeps
    the row so a replay is recognised); access tokens, codes and ID tokens are deleted.
    Returns how many access and refresh tokens were live.
    """
    from oauth2_provider.models import (
        get_access_token_model,
        get_grant_model,
        get_id_token_model,
        get_refresh_token_model,
    )

    AccessToken, RefreshToken = get_access_token_model(), get_refresh_token_model()
    revoked = 0
    for refresh_token in RefreshToken.objects.select_for_update().filter(user=user, revoked__isnull=True):
        refresh_token.revoke()
        revoked += 1
    access_tokens = AccessToken.objects.filter(user=user)
    revoked += access_tokens.count()
    access_tokens.delete()
    get_id_token_model().objects.filter(user=user).delete()
    get_grant_model().objects.filter(user=user).delete()
    return revoked


def _set_backchannel_logout_uri(application, uri: str) -> None:
    if not uri:
        BackChannelLogout.objects.filter(application=application).delete()
        return
    record = BackChannelLogout.objects.filter(application=application).first() or BackChannelLogout(
        application=application
    )
    record.uri = uri
    record.full_clean(exclude=["application"])
    if urlsplit(uri).scheme not in oauth2_settings.ALLOWED_REDIRECT_URI_SCHEMES:
        raise ValueError("L'URI de déconnexion back-channel doit être en https.")
    record.save()


# --- back-channel logout (OpenID Connect Back-Channel Logout 1.0) ----------------------


def logout_token(application, user) -> str:
    """A logout token for ``application`` about ``user``, signed like our ID tokens (RS256, same kid).

    Claims (spec section 2.4): iss, aud, iat, exp, jti, events with the back-channel
    logout event, and sub. No sid: ID tokens carry no session id, so the token means
    "every session of this person at your service" (we advertise
    backchannel_logout_session_supported: false). Never a nonce.
    """
    key = jwk_from_pem(oauth2_settings.OIDC_RSA_PRIVATE_KEY)
    now = int(time.time())
    claims = {
        "iss": oauth2_settings.OIDC_ISS_ENDPOINT,
        "aud": application.client_id,
        "iat": now,
        "exp": now + settings.BACKCHANNEL_LOGOUT_TOKEN_LIFETIME_SECONDS,
        "jti": str(uuid.uuid4()),
        "sub": str(user.uuid),
        "events": {BACKCHANNEL_LOGOUT_EVENT: {}},
    }
    header = {"alg": "RS256", "typ": "logout+jwt", "kid": key.thumbprint()}
    token = jwt.JWT(header=json.dumps(header), claims=json.dumps(claims))
    token.make_signed_token(key)
    return token.serialize()


# Deliveries run on these threads, never in the person's request: a slow or dead relying
# party must not delay their logout. A thread rather than the django-tasks worker: the
# worker belongs to the Marché's processes (make run, the Procfile), the provider has
# none, and a logout token loses its use after a couple of minutes anyway.
_deliveries = ThreadPoolExecutor(max_workers=4, thread_name_prefix="backchannel-logout")
_pending = set()
_pending_lock = threading.Lock()


def end_relying_party_sessions(user, *, reason: str, applications: list | None = None) -> list[str]:
    """Tell every relying party the person used that their sessions there end.

    Rules: one signed logout token per client that registered a back-channel logout URI
    (``applications`` when the caller had to list them before revoking tokens, else the
    clients the person used); tokens are posted after the transaction commits, on a
    background thread, each with a short timeout; a failed post is logged and tried once
    more. Returns the client ids that will be told.
    """
    if applications is None:
        applications = relying_parties_used_by(user)
    deliveries = [
        (application.client_id, application.backchannel_logout.uri, logout_token(application, user))
        for application in applications
    ]
    if deliveries:
        logger.info(
            "Back-channel logout of account %s (%s) to: %s", user.uuid, reason, ", ".join(d[0] for d in deliveries)
        )
        transaction.on_commit(lambda: [_submit(delivery) for delivery in deliveries])
    return [client_id for client_id, _, _ in deliveries]


def _submit(delivery) -> None:
    future = _deliveries.submit(_deliver, *delivery)
    with _pending_lock:
        _pending.add(future)
    future.add_done_callback(lambda done: _discard(done))


def _discard(future) -> None:
    with _pending_lock:
        _pending.discard(future)


def wait_for_deliveries(timeout: float = 30) -> None:
    """Block until the posts under way are done (tests and commands that must not exit early)."""
    with _pending_lock:
        futures = list(_pending)
    for future in futures:
        future.result(timeout=timeout)


def _post(uri: str, token: str) -> str | None:
    """Post one logout token; None when the relying party accepted it, else what went wrong."""
    try:
        response = requests.post(
            uri,
            data={"logout_token": token},
            timeout=settings.BACKCHANNEL_LOGOUT_TIMEOUT_SECONDS,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        return f"{type(exc).__name__}: {exc}"
    if response.status_code in (200, 204):
        return None
    return f"HTTP {response.status_code}"


def _deliver(client_id: str, uri: str, token: str) -> bool:
    problem = _post(uri, token)
    if problem is None:
        return True
    logger.warning("Back-channel logout to %s (%s) failed (%s); trying once more", client_id, uri, problem)
    # A short pause on this background thread, so a relying party that is restarting gets a second chance.
    time.sleep(settings.BACKCHANNEL_LOGOUT_RETRY_DELAY_SECONDS)
    problem = _post(uri, token)
    if problem is None:
        return True
    logger.error("Back-channel logout to %s (%s) failed again (%s); given up", client_id, uri, problem)
    return False
