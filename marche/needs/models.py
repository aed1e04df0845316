"""Needs (dépôt de besoin): what a verified buyer wants to buy, and each supplier's way
through it (notified → mail opened → page seen → answered).

Every step carries its time: the buyer's funnel and the editors' statistics are read from
these columns, never from counters kept elsewhere.
"""

import uuid

from django.conf import settings
from django.db import models

from common.private_storage import private_storage
from marche.geography.models import Commune, Department, Region
from marche.sectors.models import Sector


class NeedKind(models.TextChoices):
    TENDER = "tender", "Appel d'offres"
    QUOTE = "quote", "Demande de devis"
    PROJECT = "project", "Projet d'achat"


class NeedStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "En attente de validation"
    CHANGES_REQUESTED = "changes_requested", "Modifications demandées"
    VALIDATED = "validated", "Publié"
    REFUSED = "refused", "Refusé"


class AmountRange(models.TextChoices):
    UNKNOWN = "unknown", "Je ne sais pas encore"
    LT_25K = "lt_25k", "Moins de 25 000 €"
    FROM_25K = "25k_100k", "De 25 000 à 100 000 €"
    FROM_100K = "100k_250k", "De 100 000 à 250 000 €"
    FROM_250K = "250k_1m", "De 250 000 € à 1 million €"
    GT_1M = "gt_1m", "Plus d'un million €"


class PlaceKind(models.TextChoices):
    """Where the need is to be served (a need has one kind and its list of places)."""

    COMMUNES = "communes", "Communes"
    DEPARTMENTS = "departments", "Départements"
    REGIONS = "regions", "Régions"
    NATIONAL = "national", "France entière"


class NeedQuerySet(models.QuerySet):
    def validated(self):
        return self.filter(status=NeedStatus.VALIDATED)

    def open(self, today):
        """Validated and still taking answers on ``today`` (the deadline day included)."""
        return self.filter(status=NeedStatus.VALIDATED, deadline__gte=today)


class Need(models.Model):
    """A buyer's need. Belongs to the buyer's organisation (by its public ID): every
    member of that organisation follows it; nobody else sees the answers."""

    uid = models.UUIDField("identifiant public", default=uuid.uuid4, unique=True, editable=False)
    organization_id = models.UUIDField("identifiant public de l'organisation acheteuse", db_index=True)
    organization_name = models.CharField("organisation acheteuse", max_length=255)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="needs", verbose_name="auteur"
    )
    kind = models.CharField("type de besoin", max_length=10, choices=NeedKind.choices, blank=True)
    title = models.CharField("titre", max_length=255, blank=True)
    description = models.TextField("description", blank=True)
    sectors = models.ManyToManyField(Sector, blank=True, related_name="needs", verbose_name="secteurs d'activité")
    place_kind = models.CharField("lieu d'exécution", max_length=12, choices=PlaceKind.choices, blank=True)
    communes = models.ManyToManyField(Commune, blank=True, related_name="+", verbose_name="communes")
    departments = models.ManyToManyField(Department, blank=True, related_name="+", verbose_name="départements")
    regions = models.ManyToManyField(Region, blank=True, related_name="+", verbose_name="régions")
    amount_range = models.CharField(
        "montant estimé", max_length=10, choices=AmountRange.choices, default=AmountRange.UNKNOWN
    )
    deadline = models.DateField("date limite de réponse", null=True, blank=True)
    expected_start = models.DateField("début de la prestation", null=True, blank=True)
    # Questions the buyer asks every interested supplier: a list of strings.
    questions = models.JSONField("questions aux fournisseurs", default=list, blank=True)
    show_buyer_name = models.BooleanField("nom de l'acheteur visible avant réponse", default=False)

    status = models.CharField("statut", max_length=20, choices=NeedStatus.choices, default=NeedStatus.DRAFT)
    # The last step of the multi-step form the buyer completed (drafts resume there).
    step = models.PositiveSmallIntegerField("étape atteinte", default=0)
    # Optimistic locking of edits and editors' decisions (a conditional UPDATE bumps it).
    version = models.PositiveIntegerField("version", default=1)
    submitted_at = models.DateTimeField("soumis le", null=True, blank=True)
    decided_at = models.DateTimeField("décision le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="décision par",
    )
    validated_at = models.DateTimeField("publié le", null=True, blank=True)
    # The editors' message when they ask for a change or refuse (shown to the buyer).
    editor_message = models.TextField("message de l'équipe", blank=True)

    # Notification of matching suppliers (by the task worker, in batches).
    notification_started_at = models.DateTimeField("envoi commencé le", null=True, blank=True)
    notification_finished_at = models.DateTimeField("envoi terminé le", null=True, blank=True)
    last_relaunch_at = models.DateTimeField("dernière relance le", null=True, blank=True)

    # After the deadline: did a contract follow? (asked by mail and by a banner)
    outcome_asked_at = models.DateTimeField("bilan demandé le", null=True, blank=True)
    outcome_answered_at = models.DateTimeField("bilan répondu le", null=True, blank=True)
    contract_signed = models.BooleanField("contrat signé", null=True, blank=True)
    contract_amount = models.DecimalField(
        "montant du contrat (€)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    contract_suppliers = models.ManyToManyField(
        "suppliers.Supplier", blank=True, related_name="+", verbose_name="fournisseurs retenus"
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = "besoin d'achat"
        verbose_name_plural = "besoins d'achat"
        ordering = ["-created_at"]
        permissions = [("moderate_need", "Valider, faire modifier ou refuser un besoin d'achat")]
        indexes = [models.Index(fields=["status", "deadline"], name="need_status_deadline_idx")]

    def __str__(self):
        return self.title or f"Besoin {self.uid}"


def attachment_path(instance, filename):
    # A server-chosen name: the original name is kept in a column, never in the path.
    return f"needs/{instance.need.uid}/{uuid.uuid4().hex}"


class NeedAttachment(models.Model):
    """A document joined to a need, stored privately (``PRIVATE_FILES_ROOT``) and served
    only to people allowed to see the need."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="attachments")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField("fichier", storage=private_storage, upload_to=attachment_path, max_length=255)
    original_name = models.CharField("nom du fichier", max_length=255)
    content_type = models.CharField("type", max_length=120)
    size = models.PositiveIntegerField("taille (octets)")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pièce jointe"
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class Answer(models.TextChoices):
    INTERESTED = "interested", "Intéressé"
    NOT_INTERESTED = "not_interested", "Pas intéressé"


class NotInterestedReason(models.TextChoices):
    OUT_OF_SCOPE = "out_of_scope", "Ce n'est pas notre activité"
    TOO_FAR = "too_far", "Trop loin de chez nous"
    NO_CAPACITY = "no_capacity", "Pas la capacité en ce moment"
    TOO_SHORT = "too_short", "Délai trop court"
    TOO_BIG = "too_big", "Marché trop important pour nous"
    OTHER = "other", "Autre raison"


class NeedRecipient(models.Model):
    """One supplier's way through one need: each step with its time. One row per (need,
    supplier): the unique constraint is what prevents a duplicate notification."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="recipients")
    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.CASCADE, related_name="need_recipients")
    matched_at = models.DateTimeField("sélectionné le", auto_now_add=True)
    notified_at = models.DateTimeField("notifié le", null=True, blank=True)
    mail_opened_at = models.DateTimeField("lien du mail ouvert le", null=True, blank=True)
    seen_at = models.DateTimeField("page vue le", null=True, blank=True)
    reminded_at = models.DateTimeField("rappel automatique le", null=True, blank=True)
    relaunched_at = models.DateTimeField("relancé par l'acheteur le", null=True, blank=True)
    answered_at = models.DateTimeField("répondu le", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer = models.CharField("réponse", max_length=16, choices=Answer.choices, blank=True)
    message = models.TextField("message à l'acheteur", blank=True)
    # Answers to the need's questions, in the same order as Need.questions.
    question_answers = models.JSONField("réponses aux questions", default=list, blank=True)
    not_interested_reason = models.CharField("motif", max_length=16, choices=NotInterestedReason.choices, blank=True)

    class Meta:
        verbose_name = "fournisseur sollicité"
        verbose_name_plural = "fournisseurs sollicités"
        constraints = [models.UniqueConstraint(fields=["need", "supplier"], name="need_recipient_unique")]
        indexes = [models.Index(fields=["need", "answer"], name="need_recipient_answer_idx")]

    def __str__(self):
        return f"{self.supplier} — {self.need}"


class NotificationOptOut(models.Model):
    """A supplier that asked for no more needs of this sector (from its dashboard or the
    link in every mail)."""

    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.CASCADE, related_name="need_opt_outs")
    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "secteur sans notification"
        constraints = [models.UniqueConstraint(fields=["supplier", "sector"], name="need_opt_out_unique")]

    def __str__(self):
        return f"{self.supplier} — {self.sector}"
