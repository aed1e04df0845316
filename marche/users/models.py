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


class LoginSession(models.Model):
    """A session of the Marché opened by a login through Compte inclusion.

    Kept so that a back-channel logout (which names the person by ``sub``, and maybe the
    provider's session by ``sid``) can find and end every session of that person, whatever
    the session backend.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_sessions")
    session_key = models.CharField("clé de session", max_length=40, unique=True)
    # The provider's session id from the ID token, when it sends one.
    sid = models.CharField("session chez Compte inclusion", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "session ouverte par Compte inclusion"
        verbose_name_plural = "sessions ouvertes par Compte inclusion"

    def __str__(self):
        return f"session de {self.user}"


class LogoutTokenUse(models.Model):
    """The ``jti`` of each logout token accepted: one token ends sessions once (no replay)."""

    jti = models.CharField(max_length=255, unique=True)
    used_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return self.jti
