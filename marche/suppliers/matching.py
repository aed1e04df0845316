"""Which suppliers a need reaches: one query through the perimeter module, straight from
the database (no search-index round trip), used by needs' matching and the need form's
"N fournisseurs correspondent" count alike.

Rule: a supplier matches when it is visible (active, not hidden) and ONE of its
activities covers one of the need's sectors AND its place.
"""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from search.query import Place

from . import perimeter
from .models import Activity, Supplier

Kind = perimeter.PerimeterKind


def area_filter(
    *,
    places: Iterable[Place] = (),
    departments: Iterable[str] = (),
    regions: Iterable[str] = (),
    national: bool = False,
    prefix: str = "",
) -> Q:
    """ORM filter on activities (``prefix`` reaches them through a relation, e.g.
    ``activities__`` from Supplier): those whose perimeter covers at least one of these places.

    A commune is covered as ``perimeter.serving`` says. A department (or region) is
    covered by a national perimeter, by a list naming it (or, for a department, its
    region; for a region, one of its departments), by listed communes in it, and by a
    radius whose supplier's address lies in it. A national need is covered by every perimeter.
    """
    if national:
        return Q()
    condition = Q(pk__in=[])
    for place in places:
        condition |= perimeter.serving(place, prefix=prefix)
    departments, regions = list(departments), list(regions)
    kind = f"{prefix}perimeter_kind"
    within = f"{prefix}pk__in"
    address = f"{prefix}supplier__commune__department"
    if departments or regions:
        condition |= Q(**{kind: Kind.NATIONAL})
    if departments:
        condition |= Q(**{kind: Kind.DEPARTMENTS, within: perimeter.listing("departments", departments)})
        condition |= Q(**{kind: Kind.REGIONS, within: perimeter.listing("regions", departments, "departments__")})
        condition |= Q(**{kind: Kind.COMMUNES, within: perimeter.listing("communes", departments, "department__")})
        condition |= Q(**{kind: Kind.RADIUS, f"{address}__in": departments})
    if regions:
        condition |= Q(**{kind: Kind.REGIONS, within: perimeter.listing("regions", regions)})
        condition |= Q(**{kind: Kind.DEPARTMENTS, within: perimeter.listing("departments", regions, "region__")})
        condition |= Q(**{kind: Kind.COMMUNES, within: perimeter.listing("communes", regions, "department__region__")})
        condition |= Q(**{kind: Kind.RADIUS, f"{address}__region__in": regions})
    return condition


def suppliers_for_need(
    *,
    sector_ids: Iterable[int],
    places: Iterable[Place] = (),
    departments: Iterable[str] = (),
    regions: Iterable[str] = (),
    national: bool = False,
) -> QuerySet[Supplier]:
    """Visible suppliers with one activity covering one of ``sector_ids`` and the place,
    certified first (then by name).

    ``places`` are communes (search.query.Place, see marche.search.selectors.place);
    ``departments`` and ``regions`` are codes; ``national`` reaches every perimeter.
    Evaluated, it is one query (the activities are a sub-select).
    """
    in_sectors = Activity.sectors.through.objects.filter(sector_id__in=list(sector_ids)).values("activity_id")
    covering = area_filter(places=places, departments=departments, regions=regions, national=national)
    activities = Activity.objects.filter(covering, pk__in=in_sectors).values("supplier_id")
    return Supplier.objects.visible().filter(pk__in=activities).order_by("-certified", "name", "pk")
