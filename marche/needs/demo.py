"""A validated need of the demo buyer with recipients and answers, so `make run` shows the
suppliers' side and the funnel at once (idempotent: found again by its fixed uid)."""

import uuid
from datetime import timedelta

from django.utils import timezone

from marche.sectors.models import Sector
from marche.suppliers.models import Supplier
from marche.users.models import User

from . import notifications
from .models import AmountRange, Answer, Need, NeedKind, NeedRecipient, NeedStatus, NotInterestedReason, PlaceKind

DEMO_BUYER_EMAIL = "acheteur@demo.inclusion.example"
DEMO_BUYER_SIRET = "90000004300019"
DEMO_NEED_UID = uuid.UUID("5e1f3a52-7c4b-4f7e-9a51-0d3e6c2b9a01")


def _demo_public_id(siret: str, kind: str) -> uuid.UUID:
    from marche.core.demo import demo_public_id

    return demo_public_id(siret, kind)


def demo_buyer() -> User:
    """The Marché's copy of Compte inclusion's demo buyer (linked at first login by its
    verified e-mail; the claims are refreshed then)."""
    organization = {
        "id": str(_demo_public_id(DEMO_BUYER_SIRET, "BUYER")),
        "siret": DEMO_BUYER_SIRET,
        "name": "Métropole de Démo",
        "kind": "BUYER",
        "is_admin": True,
        "is_active": True,
        "verified": True,
    }
    user, created = User.objects.get_or_create(
        email=DEMO_BUYER_EMAIL,
        defaults={
            "username": "acheteur-demo",
            "first_name": "Aïcha",
            "last_name": "Acheteuse",
            "email_verified": True,
            # Until the first login refreshes them from the claims (only selectors read them).
            "organizations": [organization],
        },
    )
    return user


def demo_buyer_organization_id() -> uuid.UUID:
    return _demo_public_id(DEMO_BUYER_SIRET, "BUYER")


def load_demo_needs() -> Need:
    buyer = demo_buyer()
    today = timezone.localdate()
    need, created = Need.objects.get_or_create(
        uid=DEMO_NEED_UID,
        defaults={
            "organization_id": demo_buyer_organization_id(),
            "organization_name": "Métropole de Démo",
            "author": buyer,
            "kind": NeedKind.QUOTE,
            "title": "Entretien des espaces verts et nettoyage de locaux de la Métropole",
            "description": "Entretien des espaces verts de trois sites et nettoyage hebdomadaire des locaux associés.",
            "place_kind": PlaceKind.NATIONAL,
            "amount_range": AmountRange.FROM_25K,
            "questions": ["Quels moyens humains pouvez-vous mobiliser ?", "Pouvez-vous commencer en janvier ?"],
            "show_buyer_name": True,
            "status": NeedStatus.VALIDATED,
            "step": 5,
        },
    )
    if created or need.deadline is None or need.deadline < today:
        # Keep the demo need open whenever the demo is loaded.
        now = timezone.now()
        need.deadline = today + timedelta(days=30)
        need.expected_start = today + timedelta(days=60)
        need.submitted_at = need.submitted_at or now - timedelta(days=3)
        need.validated_at = need.validated_at or now - timedelta(days=2)
        need.decided_at = need.decided_at or now - timedelta(days=2)
        need.notification_started_at = need.notification_started_at or now - timedelta(days=2)
        need.notification_finished_at = need.notification_finished_at or now - timedelta(days=2)
        need.save()
    need.sectors.set(Sector.objects.filter(slug__in=["horticulture", "nettoyage-de-locaux"]))
    notifications.select_recipients(need)
    two_days_ago = timezone.now() - timedelta(days=2)
    need.recipients.filter(notified_at__isnull=True).update(notified_at=two_days_ago)
    # Answers from two demo suppliers; Les Jardins Solidaires (the demo SIAE member's) is left
    # to answer, so the suppliers' side can be tried too.
    answers = {
        "90000006800016": {
            "answer": Answer.INTERESTED,
            "message": "Nous intervenons déjà pour deux collectivités du secteur, avec 12 salariés en insertion.",
            "question_answers": ["Une équipe de 4 personnes et un encadrant.", "Oui, dès la première semaine."],
        },
        "90000005000014": {"answer": Answer.NOT_INTERESTED, "not_interested_reason": NotInterestedReason.TOO_FAR},
    }
    for siret, fields in answers.items():
        supplier = Supplier.objects.filter(siret=siret).first()
        if supplier is None:
            continue
        NeedRecipient.objects.filter(need=need, supplier=supplier, answered_at__isnull=True).update(
            mail_opened_at=two_days_ago, seen_at=two_days_ago, answered_at=timezone.now() - timedelta(days=1), **fields
        )
    return need
