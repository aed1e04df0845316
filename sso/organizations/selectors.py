"""Reads about organisations and memberships."""

from django.db.models import Q, QuerySet

from .kinds import PRESCRIBER_KINDS, Family, family_of
from .models import Membership, Organization, ReferenceStructure


def memberships_of(user) -> QuerySet[Membership]:
    """The person's active memberships of active organisations, by organisation name."""
    return Membership.objects.active().filter(user=user).select_related("organization").order_by("organization__name")


def membership(user, organization) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.active().filter(user=user, organization=organization).first()


def is_admin(user, organization) -> bool:
    found = membership(user, organization)
    return bool(found and found.is_admin)


def families_of(user, exclude: Organization | None = None) -> set[Family]:
    memberships = memberships_of(user)
    if exclude is not None:
        memberships = memberships.exclude(organization=exclude)
    return {family_of(m.organization.kind) for m in memberships}


def active_reference_structure(siret: str) -> ReferenceStructure | None:
    return ReferenceStructure.objects.filter(siret=siret, is_active=True).first()


def search_authorized_prescribers(query: str, limit: int = 20) -> QuerySet[Organization]:
    """Authorised prescriber organisations matching a name, a SIRET or a place."""
    organizations = Organization.objects.active().of_kinds(PRESCRIBER_KINDS).filter(is_authorized=True)
    query = (query or "").strip()
    if not query:
        return organizations.none()
    digits = query.replace(" ", "")
    return organizations.filter(
        Q(name__icontains=query) | Q(siret__startswith=digits) | Q(city__icontains=query) | Q(postal_code__startswith=digits)
    ).order_by("name")[:limit]


def directory(kind: list[str] | None = None, changed_since=None) -> QuerySet[Organization]:
    """Organisations for relying parties, oldest change first (stable for incremental sync)."""
    organizations = Organization.objects.all()
    if kind:
        organizations = organizations.filter(kind__in=kind)
    if changed_since is not None:
        organizations = organizations.filter(updated_at__gt=changed_since)
    return organizations.order_by("updated_at", "id")
