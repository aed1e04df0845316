"""What the engines share: hits from stored payloads, highlights, facet bookkeeping."""

from search.geo import distance_km
from search.query import Hit, SupplierQuery
from search.text import highlight, words


def to_hit(payload: dict, query: SupplierQuery) -> Hit:
    """A hit from the payload an engine stored (SupplierDocument.payload)."""
    near = query.near
    distance = None
    if near and near.lat is not None and payload.get("lat") is not None:
        distance = round(distance_km(near.lat, near.lon, payload["lat"], payload["lon"]), 1)
    terms = words(query.text)
    highlights = {}
    if terms:
        for field in ("name", "brand"):
            marked = highlight(payload.get(field, ""), terms)
            if "<mark>" in marked:
                highlights[field] = marked
    return Hit(
        id=payload["id"],
        siret=payload["siret"],
        slug=payload["slug"],
        name=payload["name"],
        brand=payload.get("brand", ""),
        kind=payload["kind"],
        sectors=payload.get("sectors", []),
        city=payload.get("city", ""),
        department=payload.get("department", ""),
        certified=payload.get("certified", False),
        kind_label=payload.get("kind_label", ""),
        sector_labels=payload.get("sector_labels", []),
        logo_url=payload.get("logo_url", ""),
        url=payload.get("url", ""),
        distance_km=distance,
        highlights=highlights,
    )


def finish_facets(counts: dict) -> dict[str, dict[str, int]]:
    """Plain dicts, with both certification values always present."""
    facets = {facet: {key: n for key, n in values.items() if n} for facet, values in counts.items()}
    certified = counts.get("certified", {})
    facets["certified"] = {"true": certified.get("true", 0), "false": certified.get("false", 0)}
    return facets
