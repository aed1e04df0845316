"""What each OAuth2 client has beyond DOT's own fields: its machine scopes, and where it
receives back-channel logout tokens."""

from django.db import models
from oauth2_provider.settings import oauth2_settings

# Scopes that only machines hold (client credentials, no person behind the token): a person's
# authorization never grants them, and each client-credentials client gets only those it was
# registered for.
MACHINE_SCOPES = frozenset({"directory", "marche.suppliers.read"})
# A client-credentials client registered before per-client scopes existed reads the directory.
LEGACY_CLIENT_CREDENTIALS_SCOPES = frozenset({"directory"})


class ClientAccess(models.Model):
    application = models.OneToOneField(
        oauth2_settings.APPLICATION_MODEL, on_delete=models.CASCADE, related_name="access", verbose_name="client"
    )
    client_credentials_scopes = models.CharField(
        "portées « client credentials »",
        max_length=255,
        blank=True,
        help_text="séparées par des espaces, par exemple « marche.suppliers.read » pour un partenaire",
    )
    introspection_scopes = models.CharField(
        "portées introspectables",
        max_length=255,
        blank=True,
        help_text="serveur de ressources : il peut introspecter les jetons d'autres clients portant l'une de ces portées",
    )

    class Meta:
        verbose_name = "droits d'un client"
        verbose_name_plural = "droits des clients"

    def __str__(self):
        return f"droits de {self.application}"


class BackChannelLogout(models.Model):
    """Where a relying party receives OpenID Connect Back-Channel Logout tokens.

    A table beside DOT's Application rather than a swapped Application model: swapping
    it after the fact means rewriting DOT's migrations, for one field.
    """

    application = models.OneToOneField(
        "oauth2_provider.Application",
        on_delete=models.CASCADE,
        related_name="backchannel_logout",
        verbose_name="client",
    )
    uri = models.URLField("URI de déconnexion (back-channel)", max_length=500)

    class Meta:
        verbose_name = "déconnexion back-channel"
        verbose_name_plural = "déconnexions back-channel"

    def __str__(self):
        return self.uri
