"""Reads of needs, buyer side and editors: the organisation's needs, the public list of
open needs, how many suppliers a need reaches, how its place reads."""

import uuid

from django.db.models import Q, QuerySet
from django.utils import timezone

from marche.geography.models import Department
from marche.search.selectors import place as search_place
from marche.sectors.models import Sector
from marche.suppliers import matching
from marche.suppliers import selectors as supplier_selectors

from . import services
from .models import Need, NeedStatus, PlaceKind

# Under this many matching suppliers, the review step offers to widen the place or sectors.
FEW_SUPPLIERS = 5


def organization_needs(user) -> QuerySet[Need]:
    """Needs of every buyer organisation the person is an active member of ("Mes besoins")."""
    ids = [str(o.get("id")) for o in supplier_selectors.buyer_organizations(user) if o.get("id")]
    valid = []
    for value in ids:
        try:
            valid.append(uuid.UUID(value))
        except ValueError:
            continue
    return Need.objects.filter(organization_id__in=valid).order_by("-updated_at")


def matching_arguments(need: Need) -> dict:
    """The need as suppliers_for_need's keyword arguments."""
    arguments = {"sector_ids": list(need.sectors.values_list("pk", flat=True))}
    if need.place_kind == PlaceKind.NATIONAL:
        arguments["national"] = True
    elif need.place_kind == PlaceKind.COMMUNES:
        insees = need.communes.values_list("insee", flat=True)
        arguments["places"] = [p for p in (search_place(insee) for insee in insees) if p is not None]
    elif need.place_kind == PlaceKind.DEPARTMENTS:
        arguments["departments"] = list(need.departments.values_list("code", flat=True))
    elif need.place_kind == PlaceKind.REGIONS:
        arguments["regions"] = list(need.regions.values_list("code", flat=True))
    return arguments


def matching_count(need: Need) -> int:
    """How many visible suppliers the need reaches (0 while it has no sector or no place)."""
    if not services.has_place(need) or not need.sectors.exists():
        return 0
    return matching.suppliers_for_need(**matching_arguments(need)).count()


def place_label(need: Need) -> str:
    if need.place_kind == PlaceKind.NATIONAL:
        return "France entière"
    if need.place_kind == PlaceKind.COMMUNES:
        return ", ".join(f"{c.name} ({c.department_id})" for c in need.communes.all())
    if need.place_kind == PlaceKind.DEPARTMENTS:
        return ", ".join(str(d) for d in need.departments.all())
    if need.place_kind == PlaceKind.REGIONS:
        return ", ".join(str(r) for r in need.regions.all())
    return ""


def widening_choices(need: Need) -> list[tuple[str, str]]:
    """(place kind, label) the review step offers: always wider than the place chosen."""
    order = [PlaceKind.COMMUNES, PlaceKind.DEPARTMENTS, PlaceKind.REGIONS, PlaceKind.NATIONAL]
    labels = {
        PlaceKind.DEPARTMENTS: "Élargir à tout le département",
        PlaceKind.REGIONS: "Élargir à toute la région",
        PlaceKind.NATIONAL: "Élargir à la France entière",
    }
    if need.place_kind not in order:
        return []
    return [(kind.value, labels[kind]) for kind in order[order.index(need.place_kind) + 1 :]]


def can_widen_sectors(need: Need) -> bool:
    """True when a group of the chosen sectors has sectors not chosen yet."""
    groups = need.sectors.values_list("group_id", flat=True)
    return Sector.objects.filter(group_id__in=list(groups)).exclude(needs=need).exists()


def open_needs(*, sector_slug: str = "", department_code: str = "", today=None) -> QuerySet[Need]:
    """Validated needs still taking answers, soonest deadline first; optionally in a
    sector, and reaching a department (national, the department, its region, a commune in it)."""
    today = today or timezone.localdate()
    needs = Need.objects.open(today)
    if sector_slug:
        needs = needs.filter(sectors__slug=sector_slug)
    if department_code:
        department = Department.objects.filter(code=department_code).first()
        if department is None:
            return Need.objects.none()
        needs = needs.filter(
            Q(place_kind=PlaceKind.NATIONAL)
            | Q(place_kind=PlaceKind.DEPARTMENTS, departments=department)
            | Q(place_kind=PlaceKind.REGIONS, regions=department.region_id)
            | Q(place_kind=PlaceKind.COMMUNES, communes__department=department)
        )
    return (
        Need.objects.filter(pk__in=needs.values("pk"))
        .prefetch_related("sectors", "communes", "departments", "regions")
        .order_by("deadline", "pk")
    )


def submitted_needs() -> QuerySet[Need]:
    """The editors' queue: submitted needs, oldest first."""
    return Need.objects.filter(status=NeedStatus.SUBMITTED).order_by("submitted_at", "pk")


def needs_for_editors(status: str) -> QuerySet[Need]:
    if status == NeedStatus.SUBMITTED:
        return submitted_needs()
    return Need.objects.exclude(status=NeedStatus.DRAFT).filter(status=status).order_by("-decided_at", "-pk")
