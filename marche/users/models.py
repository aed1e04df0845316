from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """The Marché's local copy of a Compte inclusion person.

    ``sub`` is the provider's subject: the only key used to find a person at login.
    Names, email and organisations are refreshed from the claims at every login.
    """

    sub = models.CharField("identifiant Compte inclusion", max_length=255, unique=True, null=True, blank=True)
    email_verified = models.BooleanField("adresse vérifiée", default=False)
    # The person's organisations as last told by the provider:
    # [{id, siret, name, kind, is_admin, is_active, verified}]; read only by marche.suppliers.selectors.
    organizations = models.JSONField("organisations", default=list, blank=True)
    # The id this person had in the former Marché, for accounts imported before the SSO.
    legacy_id = models.CharField("identifiant dans l'ancien Marché", max_length=64, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
