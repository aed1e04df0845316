from django.db import models


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
