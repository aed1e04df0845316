"""Reads about suppliers and who may do what with them."""

from django.db.models import Q, QuerySet

from .models import Supplier

BUYER_KIND = "BUYER"


def _organizations(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    return [o for o in (user.organizations or []) if isinstance(o, dict)]


def editable_suppliers(user) -> QuerySet[Supplier]:
    """Profiles the person may edit. Rule: members of the SIAE's organisation (from the
    provider's claims, refreshed at every login) and nobody else; staff use the admin."""
    organizations = _organizations(user)
    ids = [o.get("id") for o in organizations if o.get("id")]
    sirets = [o.get("siret") for o in organizations if o.get("siret")]
    if not ids and not sirets:
        return Supplier.objects.none()
    return Supplier.objects.active().filter(
        Q(organization_id__in=ids) | Q(siret__in=sirets, organization_id__isnull=True)
    )


def can_edit(user, supplier: Supplier) -> bool:
    return editable_suppliers(user).filter(pk=supplier.pk).exists()


def is_buyer(user) -> bool:
    """Signed-in buyers (and staff) see suppliers' contact details."""
    return user.is_authenticated and (user.is_staff or any(o.get("kind") == BUYER_KIND for o in _organizations(user)))


def public_profile(slug: str) -> Supplier:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Supplier.objects.visible()
        .select_related("commune__department__region", "logo")
        .prefetch_related("sectors", "offers", "client_references", "perimeter_departments", "perimeter_regions"),
        slug=slug,
    )
