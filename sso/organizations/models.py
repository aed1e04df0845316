import uuid

from django.conf import settings
from django.db import models

from .kinds import Family, Kind, family_of


class OrganizationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def of_kinds(self, kinds):
        return self.filter(kind__in=list(kinds))


class Organization(models.Model):
    """A structure people belong to: SIAE, prescriber, buyer or partner.

    ``public_id`` is stable and shown on the dashboard (support asks for it); the SIRET
    may change over time, the public ID never does.
    """

    public_id = models.UUIDField("identifiant public", default=uuid.uuid4, unique=True, editable=False)
    siret = models.CharField("SIRET", max_length=14, db_index=True)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    name = models.CharField("nom", max_length=255)
    is_authorized = models.BooleanField(
        "prescripteur habilité",
        default=False,
        help_text="Un prescripteur non habilité est un orienteur.",
    )
    address = models.CharField("adresse", max_length=255, blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    city = models.CharField("commune", max_length=255, blank=True)
    commune_insee = models.CharField("code INSEE de la commune", max_length=5, blank=True)
    convention_end_date = models.DateField("fin de conventionnement", null=True, blank=True)
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True, db_index=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        constraints = [
            models.UniqueConstraint(fields=["siret", "kind"], name="organizations_siret_kind_unique"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def family(self) -> Family:
        return family_of(self.kind)


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, organization__is_active=True)

    def admins(self):
        return self.filter(is_admin=True)


class Membership(models.Model):
    """A person in an organisation. Rule: an organisation keeps at least one active administrator."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    is_admin = models.BooleanField("administrateur", default=False)
    is_active = models.BooleanField("active", default=True)
    joined_at = models.DateTimeField("membre depuis", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "adhésion"
        verbose_name_plural = "adhésions"
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="organizations_membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} → {self.organization}"
