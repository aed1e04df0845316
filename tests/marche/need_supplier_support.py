"""Needs for the suppliers'-side tests, made directly with the models (not through the
buyer's form): a validated need of a buyer organisation, suppliers that match it."""

import uuid
from datetime import timedelta

from django.utils import timezone

from marche.needs.models import Need, NeedKind, NeedRecipient, NeedStatus, PlaceKind
from marche.sectors.models import Sector, SectorGroup
from tests.marche.factories import ActivityFactory, SupplierFactory, UserFactory, member_of, organization_claim


def sector(slug: str) -> Sector:
    group, _ = SectorGroup.objects.get_or_create(slug="groupe-besoins-tests", defaults={"name": "Groupe de test"})
    found, _ = Sector.objects.get_or_create(
        slug=slug, defaults={"label": slug.replace("-", " ").capitalize(), "group": group}
    )
    return found


def buyer_of(organization_id) -> "UserFactory":
    claim = organization_claim(kind="BUYER", name="Métropole de Test")
    claim["id"] = str(organization_id)
    return UserFactory(organizations=[claim])


def need(*, sectors=(), deadline_days: int = 10, place_kind=PlaceKind.NATIONAL, questions=(), **fields) -> Need:
    organization_id = fields.pop("organization_id", uuid.uuid4())
    author = fields.pop("author", None) or buyer_of(organization_id)
    made = Need.objects.create(
        organization_id=organization_id,
        organization_name="Métropole de Test",
        author=author,
        kind=fields.pop("kind", NeedKind.QUOTE),
        title=fields.pop("title", "Entretien des espaces verts"),
        description="Trois sites à entretenir.",
        place_kind=place_kind,
        deadline=timezone.localdate() + timedelta(days=deadline_days),
        questions=list(questions),
        status=fields.pop("status", NeedStatus.VALIDATED),
        validated_at=timezone.now(),
        **fields,
    )
    made.sectors.set(sectors)
    return made


def supplier(*, sectors=(), email: str | None = None, **fields):
    """A supplier with one activity in ``sectors`` (national unless perimeter_* fields say
    otherwise; ``activity_of(made)`` reaches it)."""
    perimeter = {key: fields.pop(key) for key in list(fields) if key.startswith("perimeter_")}
    perimeter.setdefault("perimeter_kind", "national")
    made = SupplierFactory(**fields)
    made.contact_email = email if email is not None else f"contact-{made.siret}@exemple.fr"
    made.contact_name = "Camille Contact"
    made.contact_phone = "01 02 03 04 05"
    made.save()
    if sectors:
        ActivityFactory(supplier=made, sectors=list(sectors), **perimeter)
    return made


def activity_of(supplier_):
    return supplier_.activities.get()


def recipient(need_, supplier_, *, notified_days_ago: float | None = 0, **fields) -> NeedRecipient:
    notified = None if notified_days_ago is None else timezone.now() - timedelta(days=notified_days_ago)
    return NeedRecipient.objects.create(need=need_, supplier=supplier_, notified_at=notified, **fields)


__all__ = ["UserFactory", "buyer_of", "member_of", "need", "recipient", "sector", "supplier"]
