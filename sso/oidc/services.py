"""Writes about relying parties (OIDC clients) of Compte inclusion."""

from dataclasses import dataclass

from django.db import transaction
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import get_application_model

Application = get_application_model()


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
    scopes: list[str] | None = None,
    introspection_scopes: list[str] | None = None,
) -> RegisteredClient:
    """Create or update the client ``client_id``. Idempotent.

    Rules: redirect URIs match exactly (no wildcard); ID tokens are RS256; a confidential
    client gets a secret at creation (or when ``secret``/``rotate_secret`` is given), which
    is returned once and stored hashed; a public client has no secret and must use PKCE.
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
