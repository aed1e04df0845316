"""The buyer's view of a need's answers: the funnel, the interested suppliers with their
contacts, their export, and the "relancer" action. Only for the buyer's organisation
(``access.follows``, checked by the views)."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from . import access
from .models import Answer, Need, NotInterestedReason

RELAUNCH_INTERVAL = timedelta(hours=48)


class RelaunchError(Exception):
    """A relaunch refused, with a French message the buyer can act on."""


def funnel(need: Need) -> dict:
    """Counts of each step, and the not-interested reasons (without the suppliers' names:
    their details are shared only when they say interested)."""
    counts = need.recipients.aggregate(
        notified=Count("pk", filter=Q(notified_at__isnull=False)),
        opened=Count("pk", filter=Q(mail_opened_at__isnull=False)),
        seen=Count("pk", filter=Q(seen_at__isnull=False)),
        interested=Count("pk", filter=Q(answer=Answer.INTERESTED)),
        not_interested=Count("pk", filter=Q(answer=Answer.NOT_INTERESTED)),
        waiting=Count("pk", filter=Q(notified_at__isnull=False, answered_at__isnull=True)),
    )
    labels = dict(NotInterestedReason.choices)
    reasons = (
        need.recipients.filter(answer=Answer.NOT_INTERESTED)
        .values("not_interested_reason")
        .annotate(n=Count("pk"))
        .order_by("-n", "not_interested_reason")
    )
    counts["reasons"] = [(labels.get(r["not_interested_reason"], "Autre raison"), r["n"]) for r in reasons]
    return counts


def interested(need: Need):
    return (
        need.recipients.filter(answer=Answer.INTERESTED)
        .select_related("supplier", "answered_by")
        .order_by("answered_at", "pk")
    )


def export_table(need: Need) -> tuple[list[str], list[list]]:
    """Header and rows of the interested suppliers' export (every cell goes through
    common.spreadsheet, which neutralises formulas)."""
    questions = list(need.questions or [])
    header = [
        "Fournisseur",
        "Raison sociale",
        "SIRET",
        "Type de structure",
        "Certifié",
        "Contact",
        "E-mail",
        "Téléphone",
        "Répondu par",
        "E-mail de la personne",
        "Répondu le",
        "Message",
        *[f"Question {i} : {q}" for i, q in enumerate(questions, start=1)],
    ]
    rows = []
    for recipient in interested(need):
        supplier, person = recipient.supplier, recipient.answered_by
        answers = list(recipient.question_answers or []) + [""] * len(questions)
        rows.append(
            [
                supplier.display_name,
                supplier.name,
                supplier.siret,
                supplier.get_kind_display(),
                "oui" if supplier.certified else "non",
                supplier.contact_name,
                supplier.contact_email,
                supplier.contact_phone,
                person.get_full_name() if person else "",
                person.email if person else "",
                timezone.localtime(recipient.answered_at).strftime("%d/%m/%Y %H:%M"),
                recipient.message,
                *answers[: len(questions)],
            ]
        )
    return header, rows


def next_relaunch_at(need: Need):
    """When the buyer may relaunch again (None: now, if the need is open)."""
    if need.last_relaunch_at and need.last_relaunch_at + RELAUNCH_INTERVAL > timezone.now():
        return need.last_relaunch_at + RELAUNCH_INTERVAL
    return None


def relaunchable(need: Need) -> int:
    return need.recipients.filter(notified_at__isnull=False, answered_at__isnull=True).count()


def relaunch(*, need_id: int, user) -> int:
    """Re-notify the suppliers that have not answered, at most once per 48 h and never after
    the deadline. Returns how many suppliers will be written to. Raises RelaunchError."""
    need = Need.objects.filter(pk=need_id).first()
    if need is None or not access.follows(user, need):
        raise RelaunchError("Seule l'organisation qui a publié ce besoin peut relancer les fournisseurs.")
    if not access.is_open(need):
        raise RelaunchError("La date limite de réponse est passée : les fournisseurs ne peuvent plus être relancés.")
    targets = relaunchable(need)
    if not targets:
        raise RelaunchError("Tous les fournisseurs sollicités ont déjà répondu : il n'y a personne à relancer.")
    now = timezone.now()
    # The conditional UPDATE is the 48 h rule: two clicks (or two colleagues) at once relaunch once.
    claimed = (
        Need.objects.filter(pk=need.pk)
        .filter(Q(last_relaunch_at__isnull=True) | Q(last_relaunch_at__lte=now - RELAUNCH_INTERVAL))
        .update(last_relaunch_at=now)
    )
    if not claimed:
        need.refresh_from_db(fields=["last_relaunch_at"])
        when = timezone.localtime(need.last_relaunch_at + RELAUNCH_INTERVAL)
        raise RelaunchError(
            f"Vous avez déjà relancé les fournisseurs il y a moins de 48 heures : "
            f"vous pourrez le refaire à partir du {when:%d/%m/%Y à %H:%M}."
        )
    from .tasks import send_relaunch

    transaction.on_commit(lambda: send_relaunch.enqueue(need_id=need.pk))
    return targets
