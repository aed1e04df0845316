import hashlib
import uuid
from uuid import uuid4

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        # The email is the login and is case-insensitive.
        return self.get(email__iexact=username)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Une adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).strip(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("email_verified_at", timezone.now())
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person's Compte inclusion. The email is the login; ``uuid`` is the OIDC ``sub``."""

    uuid = models.UUIDField("identifiant public", default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField("adresse e-mail", max_length=254)
    first_name = models.CharField("prénom", max_length=150)
    last_name = models.CharField("nom", max_length=150)
    email_verified_at = models.DateTimeField("adresse vérifiée le", null=True, blank=True)
    terms_accepted_at = models.DateTimeField("CGU acceptées le", null=True, blank=True)
    # Which version of the terms (settings.TERMS_VERSION) the person accepted at
    # terms_accepted_at: when the setting moves on, the next request asks again.
    terms_version = models.CharField("version des CGU acceptée", max_length=40, blank=True)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("équipe support", default=False)
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)
    # Part of the session hash: changing it ends every session of the account on every
    # device (see services.end_all_access), without touching the password.
    security_stamp = models.UUIDField("tampon de sécurité", default=uuid4, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = "compte"
        verbose_name_plural = "comptes"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name

    def _get_session_auth_hash(self, secret=None):
        # "The credentials" of the account, in one place: the password, the email and the
        # security stamp. Changing any of them ends every session and every emailed link.
        return salted_hmac(
            "sso.accounts.User.get_session_auth_hash",
            f"{self.password}|{self.email.lower()}|{self.security_stamp}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def credentials_stamp(self) -> str:
        """What an emailed link remembers of the credentials when it is sent (a hash, never the hash itself).

        A link whose stamp no longer matches was sent before the email, the password or
        the security stamp changed, and is refused.
        """
        return hashlib.sha256(self.get_session_auth_hash().encode()).hexdigest()


class AccountTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class AccountToken(models.Model):
    """A single-use, expiring link sent by email (verification, password reset, email change).

    Only a hash of the token is stored: a database leak gives no usable link.
    """

    class Purpose(models.TextChoices):
        VERIFY_EMAIL = "verify_email", "Vérification de l'adresse"
        RESET_PASSWORD = "reset_password", "Réinitialisation du mot de passe"
        CHANGE_EMAIL = "change_email", "Changement d'adresse"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tokens")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    new_email = models.EmailField(blank=True)
    # user.credentials_stamp() when the link was sent.
    credentials_stamp = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = AccountTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "lien envoyé par courriel"
        verbose_name_plural = "liens envoyés par courriel"
        indexes = [models.Index(fields=["user", "purpose"])]

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.user})"


class LinkedAccount(models.Model):
    """An account this person had before Compte inclusion, in les emplois or the former Marché.

    Relying parties read it in the ``linked_accounts`` claim to map their old user to ``sub``.
    """

    class Source(models.TextChoices):
        EMPLOIS = "emplois", "les emplois de l'inclusion"
        MARCHE = "marche", "le Marché de l'inclusion"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="linked_accounts")
    source = models.CharField("origine", max_length=20, choices=Source.choices)
    external_id = models.CharField("identifiant d'origine", max_length=64)
    # What the source said at the last import; the account is deactivated when every origin is inactive.
    active_at_source = models.BooleanField("actif à l'origine", default=True)
    imported_at = models.DateTimeField("importé le", auto_now_add=True)

    class Meta:
        verbose_name = "compte d'origine"
        verbose_name_plural = "comptes d'origine"
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="accounts_linked_source_id_unique"),
        ]

    def __str__(self):
        return f"{self.source}:{self.external_id}"
