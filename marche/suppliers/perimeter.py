"""The intervention perimeter: where one of a supplier's activities is carried out.

One home for its rules: validation (form and import), "does it cover this place?", the
ORM filter "activities serving this place", the search document's fields and the
sentence the profile page shows. It works on plain values (``Perimeter``); a radius is
measured from the supplier's address (the activity has no address of its own).
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
    COMMUNES = "communes", "Communes"
    DEPARTMENTS = "departments", "Départements"
    REGIONS = "regions", "Régions"
    NATIONAL = "national", "France entière"


MAX_RADIUS_KM = 1000
MAX_COMMUNES = 200  # a longer list is a department or a radius


@dataclass(frozen=True)
class Perimeter:
    kind: str
    radius_km: int | None = None
    departments: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    lat: float | None = None  # the centre of a radius: the supplier's address
    lon: float | None = None
    communes: tuple[str, ...] = ()  # INSEE codes

    @classmethod
    def of(cls, activity, departments=None, regions=None, communes=None, lat=None, lon=None) -> "Perimeter":
        """The perimeter of an Activity; pass the codes (and the supplier's coordinates)
        when already read in bulk, to avoid queries per activity."""
        if departments is None:
            departments = [d.code for d in activity.perimeter_departments.all()]
        if regions is None:
            regions = [r.code for r in activity.perimeter_regions.all()]
        if communes is None:
            communes = [c.insee for c in activity.perimeter_communes.all()]
        if lat is None and lon is None:
            lat, lon = activity.supplier.latitude, activity.supplier.longitude
        return cls(
            kind=activity.perimeter_kind,
            radius_km=activity.perimeter_radius_km,
            departments=tuple(departments),
            regions=tuple(regions),
            communes=tuple(communes),
            lat=lat,
            lon=lon,
        )

    def covers(self, place: Place) -> bool:
        """Rule: national covers everything; a list covers its communes, departments or
        regions; a radius covers communes within that distance of the address (none
        without coordinates)."""
        if self.kind == PerimeterKind.NATIONAL:
            return True
        if self.kind == PerimeterKind.COMMUNES:
            return place.insee in self.communes
        if self.kind == PerimeterKind.DEPARTMENTS:
            return place.department in self.departments
        if self.kind == PerimeterKind.REGIONS:
            return place.region in self.regions
        if self.kind == PerimeterKind.RADIUS and self.radius_km and None not in (self.lat, place.lat):
            return distance_km(self.lat, self.lon, place.lat, place.lon) <= self.radius_km
        return False

    def document_fields(self) -> dict:
        """The perimeter as a search document's activity describes it (search.documents.ActivityEntry)."""
        return {
            "perimeter_kind": self.kind,
            "perimeter_radius_km": (self.radius_km or 0) if self.kind == PerimeterKind.RADIUS else 0,
            "perimeter_communes": tuple(self.communes) if self.kind == PerimeterKind.COMMUNES else (),
            "perimeter_departments": tuple(self.departments) if self.kind == PerimeterKind.DEPARTMENTS else (),
            "perimeter_regions": tuple(self.regions) if self.kind == PerimeterKind.REGIONS else (),
        }

    def describe(self, place_name: str = "", names: dict[str, str] | None = None) -> str:
        """The sentence the profile page shows (French). ``names``: code → name of the
        communes, departments and regions listed."""
        names = names or {}
        if self.kind == PerimeterKind.NATIONAL:
            return "France entière"
        if self.kind == PerimeterKind.RADIUS:
            return f"{self.radius_km or 0} km autour de {place_name or 'son adresse'}"
        codes = {
            PerimeterKind.COMMUNES: self.communes,
            PerimeterKind.DEPARTMENTS: self.departments,
            PerimeterKind.REGIONS: self.regions,
        }.get(self.kind, ())
        return ", ".join(names.get(code, code) for code in codes)


def validate(kind: str, radius_km, departments, regions, communes=()) -> dict[str, str]:
    """Problems of a perimeter, by field, in French (empty when valid). ``departments``,
    ``regions`` and ``communes`` are the known ones chosen."""
    if kind not in PerimeterKind.values:
        return {"perimeter_kind": f"périmètre « {kind} » inconnu (radius, communes, departments, regions ou national)"}
    errors = {}
    if kind == PerimeterKind.RADIUS and (not isinstance(radius_km, int) or not 0 < radius_km <= MAX_RADIUS_KM):
        errors["perimeter_radius_km"] = f"Indiquez le rayon d'intervention en kilomètres (1 à {MAX_RADIUS_KM})."
    if kind == PerimeterKind.COMMUNES and not communes:
        errors["perimeter_communes"] = "Choisissez au moins une commune."
    if kind == PerimeterKind.COMMUNES and len(communes or ()) > MAX_COMMUNES:
        errors["perimeter_communes"] = (
            f"{len(communes)} communes : {MAX_COMMUNES} au plus. Choisissez plutôt des départements ou une distance."
        )
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


KM_PER_DEGREE_LAT = 111.2


def listing(what: str, codes, through: str = "") -> models.QuerySet:
    """Sub-select of the activities whose listed ``what`` (communes, departments, regions)
    include one of ``codes``. ``through`` follows a relation of the listed item first
    (e.g. ``region__`` for "a department in these regions"). Why a sub-select rather than
    a join: OR-ed joins over several lists multiply rows; one indexed IN per list does not."""
    from django.apps import apps

    activity = apps.get_model("suppliers", "Activity")
    relation = getattr(activity, f"perimeter_{what}").through
    column = {"communes": "commune", "departments": "department", "regions": "region"}[what]
    key = f"{column}__{through}pk__in" if through else f"{column}_id__in"
    return relation.objects.filter(**{key: list(codes)}).values("activity_id")


def serving(
    place: Place,
    prefix: str = "",
    lat: str = "supplier__latitude",
    lon: str = "supplier__longitude",
    max_radius_km: int | None = None,
) -> Q:
    """ORM filter on activities: those whose perimeter covers ``place`` (same rule as
    ``covers``). ``prefix`` reaches the activity through a relation (e.g. ``activities__``
    from Supplier, with ``lat="latitude"``). A radius is first narrowed by a latitude band
    (``max_radius_km``: the widest radius that may match), so an index can skip the far
    ones before the exact distance is computed."""
    kind = f"{prefix}perimeter_kind"
    condition = (
        Q(**{kind: PerimeterKind.NATIONAL})
        | Q(**{kind: PerimeterKind.COMMUNES, f"{prefix}pk__in": listing("communes", [place.insee])})
        | Q(**{kind: PerimeterKind.DEPARTMENTS, f"{prefix}pk__in": listing("departments", [place.department])})
        | Q(**{kind: PerimeterKind.REGIONS, f"{prefix}pk__in": listing("regions", [place.region])})
    )
    if place.lat is not None:
        band = {f"{prefix}{lat}__isnull": False}
        if max_radius_km is not None:
            degrees = max_radius_km / KM_PER_DEGREE_LAT
            band = {f"{prefix}{lat}__gte": place.lat - degrees, f"{prefix}{lat}__lte": place.lat + degrees}
        condition |= Q(
            LessThanOrEqual(_distance(place, f"{prefix}{lat}", f"{prefix}{lon}"), F(f"{prefix}perimeter_radius_km")),
            **{kind: PerimeterKind.RADIUS},
            **band,
        )
    return condition
