"""After the deadline: did a contract follow? The buyer is asked (a mail by the daily
command and a banner on their pages) and says with which supplier(s) and for what amount."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from marche.suppliers import selectors as supplier_selectors

from . import access
from .models import Need, NeedStatus

AMOUNT_MAX = Decimal("999999999999.99")


class OutcomeError(Exception):
    """An outcome refused, with a French message the buyer can act on."""


def is_due(need: Need, today=None) -> bool:
    """The deadline has passed on a published need."""
    today = today or timezone.localdate()
    return need.status == NeedStatus.VALIDATED and need.deadline is not None and need.deadline < today


def awaiting_outcome(user, today=None):
    """The needs of the person's buyer organisations whose deadline passed and whose
    outcome nobody gave yet (what the banner lists)."""
    today = today or timezone.localdate()
    ids = [str(o.get("id")) for o in supplier_selectors.buyer_organizations(user) if o.get("id")]
    if not ids:
        return Need.objects.none()
    return Need.objects.filter(
        organization_id__in=ids,
        status=NeedStatus.VALIDATED,
        deadline__lt=today,
        outcome_answered_at__isnull=True,
    ).order_by("deadline", "pk")


def parse_amount(text: str) -> Decimal | None:
    """A French amount ("12 500,50", "12500.5 €") or None when empty. Raises OutcomeError."""
    cleaned = (text or "").replace("€", "").replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if not cleaned:
        return None
    try:
        amount = Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        raise OutcomeError("Le montant doit être un nombre, par exemple 12 500 ou 12 500,50.") from None
    if not amount.is_finite() or amount < 0 or amount > AMOUNT_MAX:
        raise OutcomeError("Le montant doit être un nombre positif, par exemple 12 500 ou 12 500,50.")
    return amount.quantize(Decimal("0.01"))


def record_outcome(*, need_id: int, user, signed: bool, supplier_ids=(), amount: Decimal | None = None) -> Need:
    """Store the buyer's answer (it may be corrected later). The suppliers must be among
    those the need was sent to. Raises OutcomeError (nothing changed)."""
    need = Need.objects.filter(pk=need_id).first()
    if need is None or not access.follows(user, need):
        raise OutcomeError("Seule l'organisation qui a publié ce besoin peut en donner le bilan.")
    if not is_due(need):
        raise OutcomeError("Le bilan se donne une fois la date limite de réponse passée.")
    supplier_ids = {int(pk) for pk in supplier_ids}
    if signed:
        known = set(need.recipients.filter(supplier_id__in=supplier_ids).values_list("supplier_id", flat=True))
        if supplier_ids - known:
            raise OutcomeError("Choisissez les fournisseurs retenus parmi ceux qui ont reçu ce besoin.")
        if not supplier_ids:
            raise OutcomeError("Indiquez avec quel(s) fournisseur(s) le contrat a été signé.")
    else:
        supplier_ids, amount = set(), None
    with transaction.atomic():
        need.contract_signed = signed
        need.contract_amount = amount
        need.outcome_answered_at = timezone.now()
        need.save(update_fields=["contract_signed", "contract_amount", "outcome_answered_at", "updated_at"])
        need.contract_suppliers.set(sorted(supplier_ids))
    return need


def ask_outcomes(*, today=None) -> int:
    """Mail the author of each need whose deadline passed, once (``outcome_asked_at``)."""
    today = today or timezone.localdate()
    asked = 0
    due = Need.objects.filter(
        status=NeedStatus.VALIDATED, deadline__lt=today, outcome_asked_at__isnull=True, outcome_answered_at__isnull=True
    ).select_related("author")
    for need in due:
        if not Need.objects.filter(pk=need.pk, outcome_asked_at__isnull=True).update(outcome_asked_at=timezone.now()):
            continue  # another run asked meanwhile
        if not need.author.email:
            continue
        url = f"{settings.MARCHE_URL}{reverse('needs_supplier:outcome', args=[need.uid])}"
        body = render_to_string("marche/needs/outcome_mail.txt", {"need": need, "url": url})
        EmailMessage(
            f"Votre besoin « {need.title} » : un contrat a-t-il été signé ?",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [need.author.email],
        ).send()
        asked += 1
    return asked
