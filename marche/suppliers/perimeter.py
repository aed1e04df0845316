"""The intervention perimeter: where a supplier (later, each of its activities) works.

One home for its rules: validation (form and import), "does it cover this place?", the
ORM filter "holders serving this place", the search document's fields and the sentence
the profile page shows. It works on plain values (``Perimeter``), so an Activity with the
same fields can use it as a Supplier does.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.db.models.lookups import LessThanOrEqual

from search.geo import EARTH_RADIUS_KM, distance_km
from search.query import Place


class PerimeterKind(models.TextChoices):
    RADIUS = "radius", "Distance autour de l'adresse"
    DEPARTMENTS = "departments", "Départements"
    REGIONS = "regions", "Régions"
    NATIONAL = "national", "France entière"


MAX_RADIUS_KM = 1000


@dataclass(frozen=True)
class Perimeter:
    kind: str
    radius_km: int | None = None
    departments: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    lat: float | None = None  # the centre of a radius: the holder's address
    lon: float | None = None

    @classmethod
    def of(cls, holder, departments=None, regions=None) -> "Perimeter":
        """The perimeter of a Supplier (or anything with the same fields); pass the codes
        when already read in bulk, to avoid a query per holder."""
        if departments is None:
            departments = [d.code for d in holder.perimeter_departments.all()]
        if regions is None:
            regions = [r.code for r in holder.perimeter_regions.all()]
        return cls(
            kind=holder.perimeter_kind,
            radius_km=holder.perimeter_radius_km,
            departments=tuple(departments),
            regions=tuple(regions),
            lat=holder.latitude,
            lon=holder.longitude,
        )

    def covers(self, place: Place) -> bool:
        """Rule: national covers everything; a list covers its departments or regions; a
        radius covers communes within that distance of the address (none without coordinates)."""
        if self.kind == PerimeterKind.NATIONAL:
            return True
        if self.kind == PerimeterKind.DEPARTMENTS:
            return place.department in self.departments
        if self.kind == PerimeterKind.REGIONS:
            return place.region in self.regions
        if self.kind == PerimeterKind.RADIUS and self.radius_km and None not in (self.lat, place.lat):
            return distance_km(self.lat, self.lon, place.lat, place.lon) <= self.radius_km
        return False

    def document_fields(self) -> dict:
        """The perimeter as the search document describes it (search.documents.SupplierDocument)."""
        return {
            "perimeter_kind": self.kind,
            "perimeter_radius_km": (self.radius_km or 0) if self.kind == PerimeterKind.RADIUS else 0,
            "perimeter_departments": tuple(self.departments) if self.kind == PerimeterKind.DEPARTMENTS else (),
            "perimeter_regions": tuple(self.regions) if self.kind == PerimeterKind.REGIONS else (),
        }

    def describe(self, place_name: str = "", names: dict[str, str] | None = None) -> str:
        """The sentence the profile page shows (French)."""
        names = names or {}
        if self.kind == PerimeterKind.NATIONAL:
            return "France entière"
        if self.kind == PerimeterKind.RADIUS:
            return f"{self.radius_km or 0} km autour de {place_name or 'son adresse'}"
        codes = self.departments if self.kind == PerimeterKind.DEPARTMENTS else self.regions
        return ", ".join(names.get(code, code) for code in codes)


def validate(kind: str, radius_km, departments, regions) -> dict[str, str]:
    """Problems of a perimeter, by field, in French (empty when valid). ``departments``
    and ``regions`` are the known codes chosen."""
    if kind not in PerimeterKind.values:
        return {"perimeter_kind": f"périmètre « {kind} » inconnu (radius, departments, regions ou national)"}
    errors = {}
    if kind == PerimeterKind.RADIUS and (not isinstance(radius_km, int) or not 0 < radius_km <= MAX_RADIUS_KM):
        errors["perimeter_radius_km"] = f"Indiquez le rayon d'intervention en kilomètres (1 à {MAX_RADIUS_KM})."
    if kind == PerimeterKind.DEPARTMENTS and not departments:
        errors["perimeter_departments"] = "Choisissez au moins un département."
    if kind == PerimeterKind.REGIONS and not regions:
        errors["perimeter_regions"] = "Choisissez au moins une région."
    return errors


def _distance(place: Place, lat: str, lon: str):
    half = lambda expr: Power(Sin(expr / 2), 2)  # noqa: E731
    a = half(Radians(F(lat) - place.lat)) + Cos(Radians(place.lat)) * Cos(Radians(F(lat))) * half(
        Radians(F(lon) - place.lon)
    )
    return 2 * EARTH_RADIUS_KM * ASin(Least(Sqrt(a), 1.0))


def serving(place: Place, prefix: str = "", lat: str = "latitude", lon: str = "longitude") -> Q:
    """ORM filter: holders whose perimeter covers ``place`` (same rule as ``covers``).
    ``prefix`` reaches the perimeter through a relation (e.g. ``activities__``)."""
    kind = f"{prefix}perimeter_kind"
    condition = (
        Q(**{kind: PerimeterKind.NATIONAL})
        | Q(**{kind: PerimeterKind.DEPARTMENTS, f"{prefix}perimeter_departments__code": place.department})
        | Q(**{kind: PerimeterKind.REGIONS, f"{prefix}perimeter_regions__code": place.region})
    )
    if place.lat is not None:
        condition |= Q(
            LessThanOrEqual(_distance(place, f"{prefix}{lat}", f"{prefix}{lon}"), F(f"{prefix}perimeter_radius_km")),
            **{kind: PerimeterKind.RADIUS, f"{prefix}{lat}__isnull": False},
        )
    return condition
