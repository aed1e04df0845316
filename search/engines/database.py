"""The embedded engine: the database holds the suppliers, Python does the matching.

Why by hand: SQLite has no accent folding, fuzzy matching or geo distance, and the
embedded default must need no extra server. It answers the same contract as the
Elasticsearch engine (same folding, same one-typo rule, same perimeter rules), at the
cost of reading the searchable suppliers for each query (see bench/ for the numbers).
"""

from collections import Counter

from search.documents import TEXT_FIELDS, searchable_suppliers, supplier_document
from search.geo import distance_km
from search.query import FACETS, SearchResult, SupplierQuery
from search.text import term_matches, words

from .common import Place, finish_facets, place, to_hit


def _text_score(doc: dict, terms: list[str], tokens: dict[str, set[str]]) -> float:
    """Every query word must match some field (exactly or with one typo); the score adds the
    best field boost of each word, an exact match counting double."""
    score = 0.0
    for term in terms:
        best = 0.0
        for field, boost in TEXT_FIELDS.items():
            field_tokens = tokens[field]
            if term in field_tokens:
                best = max(best, 2 * boost)
            elif best < boost and any(term_matches(term, token) for token in field_tokens):
                best = boost
        if best == 0:
            return 0.0
        score += best
    return score


def _serves(doc: dict, where: Place) -> bool:
    kind = doc["perimeter_kind"]
    if kind == "national":
        return True
    if kind == "departments":
        return where.department in doc["perimeter_departments"]
    if kind == "regions":
        return where.region in doc["perimeter_regions"]
    if kind == "radius" and doc.get("location") and where.lat is not None:
        loc = doc["location"]
        return distance_km(where.lat, where.lon, loc["lat"], loc["lon"]) <= doc["perimeter_radius_km"]
    return False


def _facet_values(doc: dict, facet: str) -> list[str]:
    return {
        "sector": doc["sectors"],
        "kind": [doc["kind"]],
        "service": doc["services"],
        "department": [doc["department"]] if doc["department"] else [],
        "certified": ["true" if doc["certified"] else "false"],
    }[facet]


def _facet_filters(query: SupplierQuery) -> dict[str, set[str]]:
    return {
        "sector": set(query.sectors),
        "kind": set(query.kinds),
        "service": set(query.services),
        "department": set(query.departments),
        "certified": {"true"} if query.certified_only else set(),
    }


class DatabaseEngine:
    name = "database"

    def search(self, query: SupplierQuery) -> SearchResult:
        near, serves = place(query.near), place(query.serves)
        terms = words(query.text)
        scored = []
        for supplier in searchable_suppliers():
            doc = supplier_document(supplier)
            score = 1.0
            if terms:
                tokens = {field: set(words(doc["text"][field])) for field in TEXT_FIELDS}
                score = _text_score(doc, terms, tokens)
                if not score:
                    continue
            if near and not (
                doc["location"]
                and distance_km(near.lat, near.lon, doc["location"]["lat"], doc["location"]["lon"]) <= query.radius_km
            ):
                continue
            if serves and not _serves(doc, serves):
                continue
            if query.regions and doc["region"] not in query.regions:
                continue
            scored.append((score, doc))

        filters = _facet_filters(query)

        def passes(doc, skip=None):
            return all(
                not wanted or set(_facet_values(doc, facet)) & wanted
                for facet, wanted in filters.items()
                if facet != skip
            )

        facets = {facet: Counter() for facet in FACETS}
        for _, doc in scored:
            for facet in FACETS:
                if passes(doc, skip=facet):
                    facets[facet].update(_facet_values(doc, facet))
        matching = [(score, doc) for score, doc in scored if passes(doc)]
        sort = query.effective_sort
        if sort == "relevance":
            matching.sort(key=lambda item: (-item[0], item[1]["name_sort"], item[1]["id"]))
        elif sort == "distance":
            loc = lambda d: d["location"]  # noqa: E731
            matching.sort(
                key=lambda item: (
                    distance_km(near.lat, near.lon, loc(item[1])["lat"], loc(item[1])["lon"]),
                    item[1]["id"],
                )
            )
        else:
            matching.sort(key=lambda item: (item[1]["name_sort"], item[1]["id"]))
        start = (query.page - 1) * query.page_size
        page = matching[start : start + query.page_size]
        return SearchResult(
            hits=[to_hit(doc, query, near) for _, doc in page],
            total=len(matching),
            facets=finish_facets(facets),
            engine=self.name,
        )
