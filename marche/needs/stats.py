"""Editors' statistics on needs over a period (reads only): needs by status and kind,
suppliers notified/interested per need, response rates, contracts and amounts declared.

The period is on the need's creation date (both ends included)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum

from .models import Answer, Need, NeedKind, NeedStatus


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def needs_in(period: Period):
    return Need.objects.filter(created_at__date__gte=period.start, created_at__date__lte=period.end)


def per_need(period: Period):
    """Validated needs of the period with their funnel counts, newest first."""
    return (
        needs_in(period)
        .filter(status=NeedStatus.VALIDATED)
        .annotate(
            notified=Count("recipients", filter=Q(recipients__notified_at__isnull=False)),
            seen=Count("recipients", filter=Q(recipients__seen_at__isnull=False)),
            answered=Count("recipients", filter=Q(recipients__answered_at__isnull=False)),
            interested=Count("recipients", filter=Q(recipients__answer=Answer.INTERESTED)),
            not_interested=Count("recipients", filter=Q(recipients__answer=Answer.NOT_INTERESTED)),
        )
        .order_by("-validated_at", "-pk")
    )


def summary(period: Period) -> dict:
    needs = needs_in(period)
    statuses = dict(needs.values_list("status").annotate(n=Count("pk")))
    kinds = dict(needs.values_list("kind").annotate(n=Count("pk")))
    rows = list(per_need(period))
    notified = sum(r.notified for r in rows)
    seen = sum(r.seen for r in rows)
    answered = sum(r.answered for r in rows)
    interested = sum(r.interested for r in rows)
    contracts = needs.filter(contract_signed=True)
    return {
        "period": period,
        "total": needs.count(),
        "by_status": [(label, statuses.get(value, 0)) for value, label in NeedStatus.choices],
        "by_kind": [(label, kinds.get(value, 0)) for value, label in NeedKind.choices],
        "rows": rows,
        "notified": notified,
        "seen": seen,
        "answered": answered,
        "interested": interested,
        "seen_rate": _rate(seen, notified),
        "response_rate": _rate(answered, notified),
        "interest_rate": _rate(interested, notified),
        "outcomes_given": needs.filter(outcome_answered_at__isnull=False).count(),
        "contracts": contracts.count(),
        "contracts_amount": contracts.aggregate(total=Sum("contract_amount"))["total"] or 0,
    }


def export_table(period: Period) -> tuple[list[str], list[list]]:
    header = [
        "Besoin",
        "Type",
        "Organisation acheteuse",
        "Publié le",
        "Date limite",
        "Fournisseurs notifiés",
        "Pages vues",
        "Réponses",
        "Intéressés",
        "Pas intéressés",
        "Taux de réponse (%)",
        "Contrat signé",
        "Montant déclaré (€)",
    ]
    rows = []
    for need in per_need(period):
        rows.append(
            [
                need.title,
                need.get_kind_display(),
                need.organization_name,
                need.validated_at.date().isoformat() if need.validated_at else "",
                need.deadline.isoformat() if need.deadline else "",
                need.notified,
                need.seen,
                need.answered,
                need.interested,
                need.not_interested,
                _rate(need.answered, need.notified),
                {True: "oui", False: "non"}.get(need.contract_signed, "sans réponse"),
                need.contract_amount,
            ]
        )
    return header, rows
