"""Reads about suppliers and who may do what with them.

The person's organisations come from Compte inclusion's ``organizations`` claim
(``[{id, siret, name, kind, is_admin, is_active, verified}]``), refreshed at every login.
"""

import uuid

from django.db.models import QuerySet

from marche.sectors.taxonomy import structure_kinds

from .models import Supplier

BUYER_KIND = "BUYER"


def supplier_kinds() -> frozenset[str]:
    """The organisation kinds that hold a supplier profile (SIAE and the handicap sector)."""
    return frozenset(code for code, _ in structure_kinds())


def _organizations(user) -> list[dict]:
    """Active memberships only, as told by the provider; anything malformed is ignored."""
    if not user.is_authenticated:
        return []
    return [o for o in (user.organizations or []) if isinstance(o, dict) and o.get("is_active") is True]


def _public_id(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def editable_suppliers(user) -> QuerySet[Supplier]:
    """Profiles the person may edit: the one home of "who may edit a supplier".

    Rules: only active members of the SIAE's own organisation, matched by the
    organisation's public ID, and only through an organisation of a supplier kind. Never
    by SIRET: a buyer, prescriber, orienteur or partner organisation with the SIAE's
    SIRET gives nothing, and a profile not yet linked to an organisation
    (``organization_id`` empty) is edited by nobody until the directory links it.
    Staff use the admin.
    """
    kinds = supplier_kinds()
    ids = {
        public_id
        for o in _organizations(user)
        if o.get("kind") in kinds and (public_id := _public_id(o.get("id"))) is not None
    }
    if not ids:
        return Supplier.objects.none()
    return Supplier.objects.active().filter(organization_id__in=ids)


def can_edit(user, supplier: Supplier) -> bool:
    return editable_suppliers(user).filter(pk=supplier.pk).exists()


def members(supplier: Supplier) -> list:
    """The active people of the Marché who may edit this supplier (see editable_suppliers):
    its organisation's members as their last claims said."""
    if supplier.organization_id is None:
        return []
    from marche.users.models import User

    # A text pre-filter works on every database; who is a member is then decided by the one rule.
    candidates = User.objects.filter(is_active=True, organizations__icontains=str(supplier.organization_id))
    return [user for user in candidates if can_edit(user, supplier)]


def buyer_organizations(user) -> list[dict]:
    return [o for o in _organizations(user) if o.get("kind") == BUYER_KIND]


def is_verified_buyer(user) -> bool:
    """Rule: a member of a buyer organisation that Compte inclusion verified (by e-mail domain or staff)."""
    return any(o.get("verified") is True for o in buyer_organizations(user))


def can_see_contact(user) -> bool:
    """Contact details are shown to verified buyers and staff, nobody else."""
    return user.is_authenticated and (user.is_staff or is_verified_buyer(user))


def unverified_buyer_organizations(user) -> list[dict]:
    """The person's buyer organisations still waiting for verification (to say why details are hidden)."""
    return [o for o in buyer_organizations(user) if o.get("verified") is not True]


def public_profile(slug: str) -> Supplier:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Supplier.objects.visible()
        .select_related("commune__department__region", "logo")
        .prefetch_related(
            "activities__sectors",
            "activities__perimeter_communes",
            "activities__perimeter_departments",
            "activities__perimeter_regions",
            "offers",
            "client_references",
        ),
        slug=slug,
    )
