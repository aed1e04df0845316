"""Which suppliers a need reaches: one query through the perimeter module, straight from
the database (no search-index round trip), used by needs' matching and the need form's
"N fournisseurs correspondent" count alike.

A supplier matches when it is visible and covers one of the sectors and the place.
(Until activities land, the profile-level sectors and perimeter; then "one activity
covers both".)
"""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from search.query import Place

from . import perimeter
from .models import Supplier


def area_filter(
    *,
    places: Iterable[Place] = (),
    departments: Iterable[str] = (),
    regions: Iterable[str] = (),
    national: bool = False,
    prefix: str = "",
) -> Q:
    """ORM filter: holders whose perimeter covers at least one of these places.

    A commune is covered as ``perimeter.serving`` says. A department (or region) is
    covered by a national perimeter, by a list naming it (or, for a department, its
    region; for a region, one of its departments), and by a radius whose address lies in
    it. A national need is covered by every perimeter.
    """
    if national:
        return Q()
    condition = Q(pk__in=[])
    for place in places:
        condition |= perimeter.serving(place, prefix=prefix)
    departments, regions = list(departments), list(regions)
    kind = f"{prefix}perimeter_kind"
    if departments or regions:
        condition |= Q(**{kind: perimeter.PerimeterKind.NATIONAL})
    if departments:
        condition |= Q(
            **{kind: perimeter.PerimeterKind.DEPARTMENTS, f"{prefix}perimeter_departments__code__in": departments}
        )
        condition |= Q(
            **{kind: perimeter.PerimeterKind.REGIONS, f"{prefix}perimeter_regions__departments__code__in": departments}
        )
        condition |= Q(**{kind: perimeter.PerimeterKind.RADIUS, "commune__department__in": departments})
    if regions:
        condition |= Q(**{kind: perimeter.PerimeterKind.REGIONS, f"{prefix}perimeter_regions__code__in": regions})
        condition |= Q(
            **{kind: perimeter.PerimeterKind.DEPARTMENTS, f"{prefix}perimeter_departments__region__in": regions}
        )
        condition |= Q(**{kind: perimeter.PerimeterKind.RADIUS, "commune__department__region__in": regions})
    return condition


def suppliers_for_need(
    *,
    sector_ids: Iterable[int],
    places: Iterable[Place] = (),
    departments: Iterable[str] = (),
    regions: Iterable[str] = (),
    national: bool = False,
) -> QuerySet[Supplier]:
    """Visible suppliers covering one of ``sector_ids`` and the place, certified first.

    ``places`` are communes (search.query.Place, see marche.search.selectors.place);
    ``departments`` and ``regions`` are codes; ``national`` reaches every perimeter.
    """
    sector_ids = list(sector_ids)
    covering = area_filter(places=places, departments=departments, regions=regions, national=national)
    ids = Supplier.objects.visible().filter(covering, sectors__in=sector_ids).values("pk")
    return Supplier.objects.filter(pk__in=ids).order_by("-certified", "name", "pk")
