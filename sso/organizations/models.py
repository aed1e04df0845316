import uuid

from django.conf import settings
from django.db import models

from .kinds import Family, Kind, family_of
from .storage import private_storage, proof_path


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
    # The ASP's identifier of the conventioned structure: it survives a change of SIRET.
    asp_id = models.CharField("identifiant ASP", max_length=32, unique=True, null=True, blank=True)
    is_active = models.BooleanField("active", default=True)
    deactivated_at = models.DateTimeField("désactivée le", null=True, blank=True)
    # An antenna follows its parent's convention (copied at every import of the ASP's list).
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="antennas", verbose_name="structure mère"
    )
    # Buyers: the website declared at sign-up (changed by staff only) and the proof that
    # the organisation is who it says (its e-mail domain, or staff approval).
    website = models.URLField("site internet", blank=True)
    verified_at = models.DateTimeField("acheteur vérifié le", null=True, blank=True)
    verified_domain = models.CharField("domaine e-mail vérifié", max_length=255, blank=True)
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


class ReferenceStructure(models.Model):
    """A conventioned SIAE as listed in the ASP's export, kept in sync by ``import_structures``.

    Rule: employer sign-up needs an active reference structure with the SIRET typed.
    ``missing_since`` starts the grace period of a structure absent from the latest file.
    """

    asp_id = models.CharField("identifiant ASP", max_length=32, unique=True)
    siret = models.CharField("SIRET", max_length=14, db_index=True)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    name = models.CharField("nom", max_length=255)
    address = models.CharField("adresse", max_length=255, blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    city = models.CharField("commune", max_length=255, blank=True)
    commune_insee = models.CharField("code INSEE de la commune", max_length=5, blank=True)
    convention_end_date = models.DateField("fin de conventionnement", null=True, blank=True)
    # The ASP's technical contact: where the link proving a claim is sent.
    auth_email = models.EmailField("e-mail du contact technique (ASP)", blank=True)
    missing_since = models.DateField("absente du fichier depuis", null=True, blank=True)
    is_active = models.BooleanField("active", default=True)
    imported_at = models.DateTimeField("dernier import", auto_now=True)

    class Meta:
        verbose_name = "structure conventionnée (ASP)"
        verbose_name_plural = "structures conventionnées (ASP)"

    def __str__(self):
        return f"{self.name} ({self.siret})"


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
    # Optimistic locking: every change of role or presence increments it; a change posted
    # with an older version (another administrator changed it meanwhile) is refused.
    version = models.PositiveIntegerField("version", default=0, editable=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "adhésion"
        verbose_name_plural = "adhésions"
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="organizations_membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} → {self.organization}"


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        from django.utils import timezone

        return self.filter(accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An invitation to join an organisation, sent by email. Single-use and expiring;
    re-sending replaces the link (only a hash of the current one is stored)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("adresse invitée")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # When the invited address has an account: the link dies if that account's e-mail or
    # password changes after it was sent (stamp of its session hash at issue time).
    invited_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    account_stamp = models.CharField(max_length=64, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        verbose_name_plural = "invitations"

    def __str__(self):
        return f"{self.email} → {self.organization}"


class JoinRequest(models.Model):
    """A person asks to join an organisation that already has members; an administrator decides."""

    class Status(models.TextChoices):
        PENDING = "pending", "En attente"
        ACCEPTED = "accepted", "Acceptée"
        REFUSED = "refused", "Refusée"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "demande de rattachement"
        verbose_name_plural = "demandes de rattachement"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=models.Q(status="pending"),
                name="organizations_one_pending_join_request",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.organization} ({self.get_status_display()})"


class SignupRequest(models.Model):
    """A GEIQ or EA (not in the ASP export) asks to be created; staff approve it in the admin."""

    class Status(models.TextChoices):
        PENDING = "pending", "En attente"
        APPROVED = "approved", "Approuvée"
        REFUSED = "refused", "Refusée"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signup_requests")
    siret = models.CharField("SIRET", max_length=14)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    name = models.CharField("nom", max_length=255)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    city = models.CharField("commune", max_length=255, blank=True)
    message = models.TextField("message", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    organization = models.ForeignKey(Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "demande d'inscription (GEIQ, EA)"
        verbose_name_plural = "demandes d'inscription (GEIQ, EA)"

    def __str__(self):
        return f"{self.name} ({self.siret})"


class ClaimQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=StructureClaim.Status.PENDING)


class StructureClaim(models.Model):
    """A person asks to become the administrator of an SIAE that has none.

    Rule: belonging is proven, never declared: either by opening the link sent to the
    ASP's technical contact (``EMAIL``) while signed in as the claimant, or by proof
    documents that staff approve (``PROOF``). The membership is created only then.
    """

    class Method(models.TextChoices):
        EMAIL = "email", "Lien envoyé au contact de l'ASP"
        PROOF = "proof", "Justificatifs"

    class Status(models.TextChoices):
        PENDING = "pending", "En attente"
        APPROVED = "approved", "Acceptée"
        REFUSED = "refused", "Refusée"
        CANCELLED = "cancelled", "Remplacée ou annulée"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="structure_claims")
    method = models.CharField("preuve", max_length=10, choices=Method.choices)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField("demandée le", auto_now_add=True)
    # EMAIL: where the link went, a hash of it, its lifetime and the claimant's account stamp.
    email = models.EmailField("envoyé à", blank=True)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    sent_at = models.DateTimeField("lien envoyé le", null=True, blank=True)
    expires_at = models.DateTimeField("lien valable jusqu'au", null=True, blank=True)
    account_stamp = models.CharField(max_length=64, blank=True, editable=False)
    # PROOF: private files under server-chosen names, never served publicly.
    is_legal_representative = models.BooleanField("représentant légal", default=False)
    document_date = models.DateField("date du justificatif", null=True, blank=True)
    registration_proof = models.FileField(
        "extrait Kbis ou équivalent", storage=private_storage, upload_to=proof_path, blank=True
    )
    mandate = models.FileField("mandat", storage=private_storage, upload_to=proof_path, blank=True)
    message = models.TextField("message", blank=True)
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    refusal_reason = models.TextField("motif du refus", blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = "revendication de structure"
        verbose_name_plural = "revendications de structure"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=models.Q(status="pending"),
                name="organizations_one_pending_claim",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.organization} ({self.get_method_display()}, {self.get_status_display()})"
