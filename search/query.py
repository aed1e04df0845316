"""The one query object both engines answer, and the result they both return."""

from dataclasses import dataclass, field

from django.http import QueryDict

SORTS = ("relevance", "distance", "name")
SERVICES = ("DISP", "PREST", "BUILD")
FACETS = ("sector", "kind", "service", "department", "certified")
MAX_PAGE_SIZE = 100


class QueryError(ValueError):
    """A bad parameter: ``parameter`` names it, the message says what is expected (French)."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class SupplierQuery:
    text: str = ""
    sectors: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    certified_only: bool = False
    near: str | None = None  # commune INSEE code
    radius_km: int = 50
    serves: str | None = None  # commune INSEE code
    departments: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20

    @property
    def effective_sort(self) -> str:
        """Relevance needs words; distance needs a place. Otherwise the name order."""
        if self.sort == "distance" and self.near:
            return "distance"
        if self.sort == "relevance" and self.text.strip():
            return "relevance"
        return "name"

    @classmethod
    def from_params(cls, params: QueryDict, communes=None) -> "SupplierQuery":
        """Build a query from URL parameters (the API's and the search page's).

        Rule: a bad parameter raises QueryError naming it, never a server error.
        """
        from marche.geography.models import Commune

        def integer(name, default, low, high):
            raw = params.get(name, "")
            if raw == "":
                return default
            try:
                value = int(raw)
            except ValueError:
                raise QueryError(name, f"{name} doit être un nombre entier") from None
            if not low <= value <= high:
                raise QueryError(name, f"{name} doit être compris entre {low} et {high}")
            return value

        def commune(name):
            insee = params.get(name, "").strip()
            if not insee:
                return None
            found = Commune.objects.filter(insee=insee).first()
            if found is None:
                raise QueryError(name, f"commune inconnue : {insee} (code INSEE attendu, par exemple 69383)")
            if found.latitude is None and name == "near":
                raise QueryError(name, f"la commune {insee} n'a pas de coordonnées : choisissez une commune voisine")
            return insee

        services = tuple(params.getlist("service"))
        unknown = [s for s in services if s not in SERVICES]
        if unknown:
            raise QueryError("service", f"type de prestation inconnu : {', '.join(unknown)} (DISP, PREST ou BUILD)")
        sort = params.get("sort", "relevance") or "relevance"
        if sort not in SORTS:
            raise QueryError("sort", "sort doit valoir relevance, distance ou name")
        certified = params.get("certified", "").lower()
        if certified not in ("", "true", "false", "1", "0", "on"):
            raise QueryError("certified", "certified doit valoir true")
        near = commune("near")
        if sort == "distance" and not near and params.get("sort"):
            raise QueryError("sort", "le tri par distance demande une commune (paramètre near)")
        return cls(
            text=params.get("q", "").strip()[:200],
            sectors=tuple(s for s in params.getlist("sector") if s),
            kinds=tuple(k for k in params.getlist("kind") if k),
            services=services,
            certified_only=certified in ("true", "1", "on"),
            near=near,
            radius_km=integer("radius", 50, 1, 1000),
            serves=commune("serves"),
            departments=tuple(d for d in params.getlist("department") if d),
            regions=tuple(r for r in params.getlist("region") if r),
            sort=sort,
            page=integer("page", 1, 1, 10000),
            page_size=integer("page_size", 20, 1, MAX_PAGE_SIZE),
        )


@dataclass
class Hit:
    id: int
    siret: str
    slug: str
    name: str
    brand: str
    kind: str
    sectors: list[str]
    city: str
    department: str
    certified: bool
    distance_km: float | None = None
    highlights: dict[str, str] = field(default_factory=dict)


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]]
    engine: str
    degraded: bool = False  # True when Elasticsearch was down and the database answered
