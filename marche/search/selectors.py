"""Reads for the search page, the API and the autocomplete: places and the query."""

import re

from django.db.models import Q

from marche.geography.models import Commune, Department, Region
from marche.sectors.models import Sector
from marche.sectors.taxonomy import structure_kinds
from search.engines import search
from search.query import Place, SupplierQuery
from search.text import fold


def place(insee: str) -> Place | None:
    """A commune as the search library knows it (resolved once, when the query is built)."""
    commune = Commune.objects.select_related("department").filter(insee=insee).first()
    if commune is None:
        return None
    return Place(
        insee=commune.insee,
        lat=commune.latitude,
        lon=commune.longitude,
        department=commune.department_id,
        region=commune.department.region_id,
        name=commune.name,
    )


def query_from_params(params, **overrides) -> SupplierQuery:
    """The query of these URL parameters. Raises search.query.QueryError naming a bad one.

    Rule: ``near`` and ``serves`` take an INSEE code, or a commune as the suggestions
    write it (« Lyon (69) »), turned here into its INSEE code."""
    params = _communes_as_insee(params)
    return SupplierQuery.from_params(params, places=place, known=KNOWN_VALUES, **overrides)


def _communes_as_insee(params):
    typed = {key: str(params.get(key) or "").strip() for key in ("near", "serves")}
    if not any(SUGGESTION_FORMAT.match(value) for value in typed.values()):
        return params
    params = params.copy()
    for key, value in typed.items():
        commune = commune_from_suggestion(value) if SUGGESTION_FORMAT.match(value) else None
        if commune is not None:
            params[key] = commune.insee
    return params


# The Marché's reference lists, handed to the search library which imports nothing from the
# Marché; each is read only when its parameter is present.
KNOWN_VALUES = {
    "kind": lambda: {code for code, _ in structure_kinds()},
    "sector": lambda: set(Sector.objects.values_list("slug", flat=True)),
    "department": lambda: set(Department.objects.values_list("code", flat=True)),
    "region": lambda: set(Region.objects.values_list("code", flat=True)),
}


def communes_matching(text: str, limit: int = 10):
    """Communes by name (accents and case ignored) or postal code, most populated first."""
    text = (text or "").strip()
    if len(text) < 2:
        return Commune.objects.none()
    if text[:2].isdigit():
        return Commune.objects.filter(Q(postal_codes__contains=text) | Q(insee__startswith=text)).order_by(
            "-population"
        )[:limit]
    folded = fold(text)
    candidates = Commune.objects.filter(name__icontains=text.split()[0][:3]).order_by("-population")[:2000]
    return [c for c in candidates if fold(c.name).startswith(folded) or f" {folded}" in fold(c.name)][:limit]


# « Lyon (69) », « Saint-Denis (974) », « Ajaccio (2A) »: how the commune suggestions read.
SUGGESTION_FORMAT = re.compile(r"^\s*(?P<name>[^()]+?)\s*\(\s*(?P<department>\d[\dab]\d?)\s*\)\s*$", re.IGNORECASE)


def _name_key(name: str) -> str:
    """A commune's name for comparison: accents, case, hyphens and apostrophes ignored."""
    return " ".join(re.sub(r"[-'’]", " ", fold(name)).split())


def commune_from_suggestion(text: str):
    """The commune written as a suggestion (« Lyon (69) »), accents and case ignored, or None.

    Rule: the name must be the commune's whole name in that department (« Saint-Denis (974) »
    is not Saint-Denis in the Aude); among homonyms of one department, the most populated."""
    match = SUGGESTION_FORMAT.match(text or "")
    if match is None:
        return None
    department = match["department"].upper()
    wanted = _name_key(match["name"])
    if not wanted:
        return None
    # Compared in Python: a department has at most a few hundred communes, and the database
    # cannot ignore accents the way fold() does on every engine.
    candidates = Commune.objects.filter(department_id=department).order_by("-population").only("insee", "name")
    return next((c for c in candidates if _name_key(c.name) == wanted), None)


def commune_from_text(text: str):
    """The commune a person typed without choosing in the list: written as a suggestion
    (« Lyon (69) »), else the most populated match of the name or postal code."""
    if SUGGESTION_FORMAT.match(text or ""):
        return commune_from_suggestion(text)
    matches = list(communes_matching(text, limit=1))
    return matches[0] if matches else None


def sectors_matching(text: str, limit: int = 10):
    folded = fold(text)
    if len(folded) < 2:
        return []
    return [s for s in Sector.objects.select_related("group") if folded in fold(s.label)][:limit]


def suppliers_matching(text: str, limit: int = 8):
    if len((text or "").strip()) < 2:
        return []
    return search(SupplierQuery(text=text, page_size=limit, facets=())).hits
