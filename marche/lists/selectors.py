"""Who may do what with a list of suppliers, and the reads behind the lists' pages.

The one home of these rules (every view, export and test goes through them):

- only buyers have lists: an active member of a buyer organisation in Compte inclusion's
  claims, verified or not (a list shows nothing an unverified buyer may not see; contact
  columns of exports follow ``can_see_contact``);
- a list is seen by its owner, and by the colleagues it is shared with: the active members
  of the buyer organisation whose public ID the owner chose (``shared_with``), as their
  claims say today (someone who left the organisation loses the list at their next login);
- its suppliers and notes are changed by the owner, and by those colleagues when it is
  shared "en lecture et modification";
- only the owner renames it, shares it or deletes it.

Anybody else (another organisation's buyer, a supplier's member, anonymous) gets a 404 from
the views: a list id reveals nothing.
"""

import uuid

from django.db.models import Count, Q, QuerySet

from marche.suppliers import selectors as supplier_selectors
from marche.suppliers.models import Supplier

from .models import ListEntry, Sharing, SupplierList


def _public_id(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def buyer_organizations(user) -> list[dict]:
    """The person's active buyer organisations with a readable public ID."""
    return [o for o in supplier_selectors.buyer_organizations(user) if _public_id(o.get("id")) is not None]


def _organization_ids(user) -> set[uuid.UUID]:
    return {_public_id(o["id"]) for o in buyer_organizations(user)}


def has_lists(user) -> bool:
    """Rule: only buyers (any buyer organisation, verified or not) keep lists."""
    return bool(user.is_authenticated and buyer_organizations(user))


def visible_lists(user) -> QuerySet[SupplierList]:
    if not has_lists(user):
        return SupplierList.objects.none()
    shared = Q(shared_with__in=_organization_ids(user)) & ~Q(sharing=Sharing.PRIVATE)
    return SupplierList.objects.filter(Q(owner=user) | shared)


def editable_lists(user) -> QuerySet[SupplierList]:
    """Lists whose suppliers and notes the person may change."""
    if not has_lists(user):
        return SupplierList.objects.none()
    shared = Q(shared_with__in=_organization_ids(user), sharing=Sharing.EDIT)
    return SupplierList.objects.filter(Q(owner=user) | shared)


def owned_lists(user) -> QuerySet[SupplierList]:
    """Lists the person may rename, share and delete."""
    if not has_lists(user):
        return SupplierList.objects.none()
    return SupplierList.objects.filter(owner=user)


def can_view(user, supplier_list: SupplierList) -> bool:
    return visible_lists(user).filter(pk=supplier_list.pk).exists()


def can_edit(user, supplier_list: SupplierList) -> bool:
    return editable_lists(user).filter(pk=supplier_list.pk).exists()


def can_manage(user, supplier_list: SupplierList) -> bool:
    return owned_lists(user).filter(pk=supplier_list.pk).exists()


def lists_page(user) -> dict:
    """The "Mes listes" page: the person's own lists, then those colleagues share with them."""
    lists = (
        visible_lists(user)
        .select_related("owner")
        .annotate(
            size=Count(
                "entries", filter=Q(entries__supplier__is_active=True, entries__supplier__hidden_at__isnull=True)
            )
        )
    )
    return {
        "own": [lst for lst in lists if lst.owner_id == user.pk],
        "shared": [lst for lst in lists if lst.owner_id != user.pk],
    }


def entries(supplier_list: SupplierList) -> QuerySet[ListEntry]:
    """The list's suppliers that buyers may still see (a hidden or closed one drops out)."""
    return (
        supplier_list.entries.filter(supplier__in=Supplier.objects.visible())
        .select_related("supplier__commune", "added_by")
        .order_by("added_at", "pk")
    )


def addable_supplier(supplier_id) -> Supplier | None:
    """A supplier that may be put in a list: one buyers can see."""
    try:
        return Supplier.objects.visible().get(pk=int(supplier_id))
    except (TypeError, ValueError, Supplier.DoesNotExist):
        return None
