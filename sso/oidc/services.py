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
) -> RegisteredClient:
    """Create or update the client ``client_id``. Idempotent.

    Rules: redirect URIs match exactly (no wildcard); ID tokens are RS256; a confidential
    client gets a secret at creation (or when ``secret``/``rotate_secret`` is given), which
    is returned once and stored hashed; a public client has no secret and must use PKCE.
    """
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
    return RegisteredClient(application=application, created=created, secret=new_secret)
