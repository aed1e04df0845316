"""What both engines share: places, hits, highlights, facet bookkeeping."""

from dataclasses import dataclass

from search.geo import distance_km
from search.query import Hit, SupplierQuery
from search.text import highlight, words


@dataclass(frozen=True)
class Place:
    insee: str
    lat: float | None
    lon: float | None
    department: str
    region: str


def place(insee: str | None) -> Place | None:
    if not insee:
        return None
    from marche.geography.models import Commune

    commune = Commune.objects.select_related("department").get(insee=insee)
    return Place(insee, commune.latitude, commune.longitude, commune.department_id, commune.department.region_id)


def radius_values() -> list[int]:
    """The distinct intervention radii in use (to express "serves" without scripts)."""
    from marche.suppliers.models import PerimeterKind, Supplier

    return sorted(
        r
        for r in Supplier.objects.visible()
        .filter(perimeter_kind=PerimeterKind.RADIUS, perimeter_radius_km__gt=0)
        .order_by()  # without it, the model's ordering by name joins the DISTINCT
        .values_list("perimeter_radius_km", flat=True)
        .distinct()
    )


def to_hit(doc: dict, query: SupplierQuery, near: Place | None) -> Hit:
    distance = None
    if near and doc.get("location") and near.lat is not None:
        distance = round(distance_km(near.lat, near.lon, doc["location"]["lat"], doc["location"]["lon"]), 1)
    terms = words(query.text)
    highlights = {}
    if terms:
        for field in ("name", "brand"):
            marked = highlight(doc.get(field, ""), terms)
            if "<mark>" in marked:
                highlights[field] = marked
    return Hit(
        id=doc["id"],
        siret=doc["siret"],
        slug=doc["slug"],
        name=doc["name"],
        brand=doc.get("brand", ""),
        kind=doc["kind"],
        sectors=doc.get("sectors", []),
        city=doc.get("city", ""),
        department=doc.get("department", ""),
        certified=doc.get("certified", False),
        distance_km=distance,
        highlights=highlights,
    )


def finish_facets(counts: dict) -> dict[str, dict[str, int]]:
    """Plain dicts, with both certification values always present."""
    facets = {facet: {key: n for key, n in values.items() if n} for facet, values in counts.items()}
    certified = counts.get("certified", {})
    facets["certified"] = {"true": certified.get("true", 0), "false": certified.get("false", 0)}
    return facets
