"""The one query object every engine answers, and the result they all return.

The query is pure data: places (communes) arrive already resolved, as :class:`Place`, by
whoever builds the query (the Marché), so engines never go back to the database for them.
"""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from search.text import has_control_characters, words

SORTS = ("relevance", "distance", "name")
SERVICES = ("DISP", "PREST", "BUILD")
FACETS = ("sector", "kind", "service", "department", "certified")
MAX_PAGE_SIZE = 100
# Deepest result a query may reach (page × page_size): Elasticsearch's max_result_window,
# and far beyond what a person pages through.
MAX_RESULT_WINDOW = 10_000
# Totals are counted exactly up to this; beyond, the page says "plus de 10 000".
TOTAL_HITS_CAP = 10_000
# The repeatable parameters whose values come from the caller's reference lists (the Marché
# owns them): what an unknown value is called in the 400, and an example of a good one.
KNOWN_VALUE_PARAMETERS = {
    "kind": ("type de structure inconnu", "EI, ACI, ETTI…"),
    "sector": ("secteur inconnu", "un slug de secteur, par exemple menuiserie ; voir l'autocomplétion type=sector"),
    "department": ("département inconnu", "un code de département, par exemple 69 ou 2A"),
    "region": ("région inconnue", "un code INSEE de région, par exemple 84"),
}


class QueryError(ValueError):
    """A bad parameter: ``parameter`` names it, the message says what is expected (French)."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class Place:
    """A commune, resolved once when the query is built."""

    insee: str
    lat: float | None
    lon: float | None
    department: str
    region: str
    name: str = ""


@dataclass(frozen=True)
class SupplierQuery:
    text: str = ""
    sectors: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    certified_only: bool = False
    near: Place | None = None
    radius_km: int = 50
    serves: Place | None = None
    departments: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    facets: tuple[str, ...] = FACETS  # the facets the caller shows; the others are not computed

    @property
    def effective_sort(self) -> str:
        """Relevance needs words; distance needs a place. Otherwise the name order.

        Words are what the engines match: text made only of stop words or punctuation
        ("le", "!!") has none, so nothing to rank by (the embedded engine used to order by
        a constant there, a 500)."""
        if self.sort == "distance" and self.near and self.near.lat is not None:
            return "distance"
        if self.sort == "relevance" and words(self.text):
            return "relevance"
        return "name"

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @classmethod
    def from_params(
        cls,
        params: Mapping,
        places: Callable[[str], Place | None] | None = None,
        known: Mapping[str, Callable[[], Collection[str]]] | None = None,
        **overrides,
    ) -> "SupplierQuery":
        """Build a query from URL parameters (the API's and the search page's).

        ``places`` turns an INSEE code into a :class:`Place` (None when unknown); the
        caller owns the geography. ``known`` maps a parameter of KNOWN_VALUE_PARAMETERS
        (kind, sector, department, region) to a callable giving its accepted values, called
        only when the parameter is present; the caller owns those lists too. Rule: a bad
        parameter raises QueryError naming it, never a server error.
        """
        getlist = params.getlist if hasattr(params, "getlist") else lambda k: _as_list(params.get(k))
        for name in params:
            if has_control_characters(name) or any(has_control_characters(str(v)) for v in getlist(name)):
                raise QueryError(
                    name[:40],
                    f"{name[:40]!r} contient un caractère de contrôle (invisible) : retirez-le et recommencez",
                )

        def integer(name, default, low, high):
            raw = str(params.get(name, "") or "").strip()
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
            insee = str(params.get(name, "") or "").strip()
            if not insee:
                return None
            found = places(insee) if places and len(insee) <= 5 else None
            if found is None:
                raise QueryError(name, f"commune inconnue : {insee[:20]} (code INSEE attendu, par exemple 69383)")
            if found.lat is None and name == "near":
                raise QueryError(name, f"la commune {insee} n'a pas de coordonnées : choisissez une commune voisine")
            return found

        def values_of(name):
            """The non-empty values of a repeatable parameter, each checked against ``known``."""
            values = tuple(v for v in getlist(name) if v)
            if values and known and name in known:
                accepted = known[name]()
                unknown = [v for v in values if v not in accepted]
                if unknown:
                    what, expected = KNOWN_VALUE_PARAMETERS[name]
                    shown = ", ".join(v[:40] for v in unknown[:5]) + (" …" if len(unknown) > 5 else "")
                    raise QueryError(name, f"{what} : {shown} ({expected})")
            return values

        services = tuple(getlist("service"))
        unknown = [s for s in services if s not in SERVICES]
        if unknown:
            raise QueryError("service", f"type de prestation inconnu : {', '.join(unknown)} (DISP, PREST ou BUILD)")
        sort = params.get("sort", "relevance") or "relevance"
        if sort not in SORTS:
            raise QueryError("sort", "sort doit valoir relevance, distance ou name")
        certified = str(params.get("certified", "") or "").lower()
        if certified not in ("", "true", "false", "1", "0", "on"):
            raise QueryError("certified", "certified doit valoir true")
        near = commune("near")
        if sort == "distance" and not near and params.get("sort"):
            raise QueryError("sort", "le tri par distance demande une commune (paramètre near)")
        page = integer("page", 1, 1, MAX_RESULT_WINDOW)
        page_size = integer("page_size", 20, 1, MAX_PAGE_SIZE)
        if page * page_size > MAX_RESULT_WINDOW:
            raise QueryError(
                "page",
                f"page × page_size ne peut dépasser {MAX_RESULT_WINDOW} : affinez la recherche "
                "(mots-clés, secteur, lieu) plutôt que d'aller aussi loin dans les pages",
            )
        values = {
            "text": str(params.get("q", "") or "").strip()[:200],
            "sectors": values_of("sector"),
            "kinds": values_of("kind"),
            "services": services,
            "certified_only": certified in ("true", "1", "on"),
            "near": near,
            "radius_km": integer("radius", 50, 1, 1000),
            "serves": commune("serves"),
            "departments": values_of("department"),
            "regions": values_of("region"),
            "sort": sort,
            "page": page,
            "page_size": page_size,
        }
        values.update(overrides)
        return cls(**values)


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


@dataclass
class Hit:
    """One result, carrying everything a results page shows (no second database read)."""

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
    kind_label: str = ""
    sector_labels: list[str] = field(default_factory=list)
    logo_url: str = ""
    url: str = ""
    distance_km: float | None = None
    highlights: dict[str, str] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        return self.brand or self.name


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]]
    engine: str
    degraded: bool = False  # True when Elasticsearch was down and the embedded engine answered
    total_is_lower_bound: bool = False  # True when there are more than ``total`` results
    took_ms: int | None = None  # Elasticsearch's own time, to compare with the time in Python
