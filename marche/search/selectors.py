"""Reads for the search page, the API and the autocomplete: places and the query."""

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
    """The query of these URL parameters. Raises search.query.QueryError naming a bad one."""
    return SupplierQuery.from_params(params, places=place, known=KNOWN_VALUES, **overrides)


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


def commune_from_text(text: str):
    """The commune a person typed without choosing in the list: the most populated match."""
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
