"""The production engine, on Elasticsearch through elasticsearch-dsl.

Text arrives folded (search/text.py), so the index works on the core-only test node;
"serves" is expressed with one geo_distance clause per radius in use, since the test
node has neither scripts nor geo_shape.
"""

from django.conf import settings
from elasticsearch import ApiError, TransportError
from elasticsearch.dsl import Q, Search

from search.documents import TEXT_FIELDS
from search.elasticsearch.client import get_client
from search.query import FACETS, SearchResult, SupplierQuery
from search.text import words

from .common import finish_facets, place, radius_values, to_hit

FACET_FIELDS = {
    "sector": "sectors",
    "kind": "kind",
    "service": "services",
    "department": "department",
    "certified": "certified",
}


class EngineUnavailable(Exception):
    pass


def alias_name() -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-suppliers"


def _text_clauses(terms: list[str]) -> list:
    # Every word must match some field (the best one scores); one typo allowed from five
    # letters (AUTO:5,…); few expansions keep fuzzy queries fast on a large index.
    fields = [f"text.{field}^{boost}" for field, boost in TEXT_FIELDS.items()]
    return [
        Q("multi_match", query=term, fields=fields, type="best_fields", fuzziness="AUTO:5,100", max_expansions=10)
        for term in terms
    ]


def _serves_clause(where):
    clauses = [
        Q("term", perimeter_kind="national"),
        Q("bool", filter=[Q("term", perimeter_kind="departments"), Q("term", perimeter_departments=where.department)]),
        Q("bool", filter=[Q("term", perimeter_kind="regions"), Q("term", perimeter_regions=where.region)]),
    ]
    if where.lat is not None:
        for radius in radius_values():
            clauses.append(
                Q(
                    "bool",
                    filter=[
                        Q("term", perimeter_kind="radius"),
                        Q("term", perimeter_radius_km=radius),
                        Q("geo_distance", distance=f"{radius}km", location={"lat": where.lat, "lon": where.lon}),
                    ],
                )
            )
    return Q("bool", should=clauses, minimum_should_match=1)


def _facet_clauses(query: SupplierQuery) -> dict:
    return {
        "sector": Q("terms", sectors=list(query.sectors)) if query.sectors else None,
        "kind": Q("terms", kind=list(query.kinds)) if query.kinds else None,
        "service": Q("terms", services=list(query.services)) if query.services else None,
        "department": Q("terms", department=list(query.departments)) if query.departments else None,
        "certified": Q("term", certified=True) if query.certified_only else None,
    }


class ElasticsearchEngine:
    name = "elasticsearch"

    def __init__(self, index: str | None = None, client=None):
        self.index = index or alias_name()
        self.client = client or get_client()

    def search(self, query: SupplierQuery) -> SearchResult:
        near, serves = place(query.near), place(query.serves)
        terms = words(query.text)
        must = _text_clauses(terms)
        filters = []
        if near:
            filters.append(
                Q("geo_distance", distance=f"{query.radius_km}km", location={"lat": near.lat, "lon": near.lon})
            )
        if serves:
            filters.append(_serves_clause(serves))
        if query.regions:
            filters.append(Q("terms", region=list(query.regions)))
        facet_clauses = _facet_clauses(query)

        search = Search(using=self.client, index=self.index).query(Q("bool", must=must, filter=filters))
        active = [c for c in facet_clauses.values() if c is not None]
        if active:
            search = search.post_filter(Q("bool", filter=active))
        for facet in FACETS:
            others = [c for f, c in facet_clauses.items() if c is not None and f != facet]
            bucket = search.aggs.bucket(f"{facet}_filter", "filter", Q("bool", filter=others))
            bucket.bucket(facet, "terms", field=FACET_FIELDS[facet], size=200)

        sort = query.effective_sort
        if sort == "distance":
            search = search.sort(
                {"_geo_distance": {"location": {"lat": near.lat, "lon": near.lon}, "order": "asc", "unit": "km"}}, "id"
            )
        elif sort == "name":
            search = search.sort("name_sort", "id")
        else:
            search = search.sort("_score", "name_sort", "id")
        start = (query.page - 1) * query.page_size
        search = search[start : start + query.page_size].extra(track_total_hits=True)
        try:
            response = search.execute()
        except (TransportError, ApiError) as exc:
            raise EngineUnavailable(str(exc)) from exc

        facets = {}
        for facet in FACETS:
            buckets = response.aggregations[f"{facet}_filter"][facet].buckets
            facets[facet] = {_key(b): b.doc_count for b in buckets}
        return SearchResult(
            hits=[to_hit(hit.to_dict(), query, near) for hit in response.hits],
            total=response.hits.total.value,
            facets=finish_facets(facets),
            engine=self.name,
        )


def _key(bucket) -> str:
    # Boolean terms come back as 1/0 with a key_as_string of "true"/"false".
    return getattr(bucket, "key_as_string", None) or str(bucket.key)
