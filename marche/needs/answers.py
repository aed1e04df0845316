"""Suppliers' side of a need: the steps a supplier records (mail link opened, page seen,
answer) and its notification settings per sector. Writes with plain keyword data."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from marche.sectors.models import Sector
from marche.suppliers.models import Supplier

from . import access
from .models import Answer, Need, NeedRecipient, NotificationOptOut, NotInterestedReason

MESSAGE_MAX = 5000
QUESTION_ANSWER_MAX = 2000


class AnswerError(Exception):
    """An answer refused, with a French message the person can act on."""


def record_mail_opened(recipient: NeedRecipient) -> None:
    """The first opening of the mail's link (later ones change nothing)."""
    NeedRecipient.objects.filter(pk=recipient.pk, mail_opened_at__isnull=True).update(mail_opened_at=timezone.now())


def record_seen(*, need: Need, supplier_ids) -> None:
    """The first time a member of the supplier sees the need's page."""
    NeedRecipient.objects.filter(need=need, supplier_id__in=list(supplier_ids), seen_at__isnull=True).update(
        seen_at=timezone.now()
    )


def answer(
    *,
    need_id: int,
    supplier_id: int,
    user,
    interested: bool,
    message: str = "",
    question_answers: list | None = None,
    reason: str = "",
) -> NeedRecipient:
    """Record a supplier's answer, once, before the deadline, by a member of a recipient
    supplier. Raises AnswerError (nothing changed) otherwise."""
    need = Need.objects.filter(pk=need_id).first()
    if need is None or not access.answering_suppliers(user, need).filter(pk=supplier_id).exists():
        raise AnswerError("Vous ne pouvez pas répondre à ce besoin au nom de cette structure.")
    if not access.is_open(need):
        raise AnswerError("La date limite de réponse est passée : ce besoin ne reçoit plus de réponse.")
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise AnswerError(f"Votre message est trop long ({len(message)} caractères, {MESSAGE_MAX} au plus).")
    if interested:
        given = [str(a or "").strip() for a in (question_answers or [])]
        given = (given + [""] * len(need.questions))[: len(need.questions)]
        if any(len(a) > QUESTION_ANSWER_MAX for a in given):
            raise AnswerError(f"Une réponse aux questions dépasse {QUESTION_ANSWER_MAX} caractères.")
        fields = {
            "answer": Answer.INTERESTED,
            "message": message,
            "question_answers": given,
            "not_interested_reason": "",
        }
    else:
        if reason not in NotInterestedReason.values:
            raise AnswerError("Choisissez la raison pour laquelle ce besoin ne vous intéresse pas.")
        fields = {
            "answer": Answer.NOT_INTERESTED,
            "message": message,
            "question_answers": [],
            "not_interested_reason": reason,
        }
    now = timezone.now()
    with transaction.atomic():
        updated = NeedRecipient.objects.filter(need=need, supplier_id=supplier_id, answered_at__isnull=True).update(
            answered_at=now, answered_by=user, **fields
        )
        if not updated:
            raise AnswerError("Cette structure a déjà répondu à ce besoin.")
        # Answering implies having seen the page (an answer posted from another tab, say).
        NeedRecipient.objects.filter(need=need, supplier_id=supplier_id, seen_at__isnull=True).update(seen_at=now)
    return NeedRecipient.objects.get(need=need, supplier_id=supplier_id)


def notification_sectors(supplier: Supplier):
    """The sectors a supplier may turn notifications on or off for: its own, and any it
    already turned off."""
    opted = NotificationOptOut.objects.filter(supplier=supplier).values("sector_id")
    return Sector.objects.filter(Q(activities__supplier=supplier) | Q(pk__in=opted)).distinct()


def turned_off_sector_ids(supplier: Supplier) -> set[int]:
    return set(NotificationOptOut.objects.filter(supplier=supplier).values_list("sector_id", flat=True))


def set_notification_sectors(*, supplier_id: int, turned_off_ids, among_ids) -> None:
    """Turn notifications off for ``turned_off_ids`` and on for the rest of ``among_ids``
    (the sectors the form showed). Idempotent."""
    among_ids = {int(pk) for pk in among_ids}
    turned_off_ids = {int(pk) for pk in turned_off_ids} & among_ids
    known = set(Sector.objects.filter(pk__in=among_ids).values_list("pk", flat=True))
    with transaction.atomic():
        NotificationOptOut.objects.filter(supplier_id=supplier_id, sector_id__in=known - turned_off_ids).delete()
        NotificationOptOut.objects.bulk_create(
            [NotificationOptOut(supplier_id=supplier_id, sector_id=pk) for pk in sorted(turned_off_ids & known)],
            ignore_conflicts=True,
        )


def turn_off(*, supplier_id: int, sector_ids) -> int:
    """The opt-out link of a mail: turn off these sectors (adding to any already off)."""
    known = list(Sector.objects.filter(pk__in=[int(pk) for pk in sector_ids]).values_list("pk", flat=True))
    NotificationOptOut.objects.bulk_create(
        [NotificationOptOut(supplier_id=supplier_id, sector_id=pk) for pk in known], ignore_conflicts=True
    )
    return len(known)


def received_needs(supplier_ids):
    """The needs sent to these suppliers, newest first, with each supplier's row."""
    return (
        NeedRecipient.objects.filter(supplier_id__in=list(supplier_ids), notified_at__isnull=False)
        .select_related("need", "supplier")
        .order_by("-notified_at", "pk")
    )
