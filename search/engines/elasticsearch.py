"""The production engine, on Elasticsearch, lean on the hot path.

Requests are plain dicts (the same clauses elasticsearch-dsl would build) and answers are
trimmed by ``filter_path`` and read as plain dicts: no response objects per hit. Hits and
facets go in one ``msearch`` round trip; the facet part has no hits (size 0), so
Elasticsearch's request cache answers it again for the same filters. Totals are counted
up to TOTAL_HITS_CAP, the most the page says ("plus de 10 000").

Text arrives folded (search/text.py), so the index works on the core-only test node;
"serves" is one geo_distance clause per radius in use, since the test node has neither
scripts nor geo_shape.
"""

from functools import cache

from django.conf import settings
from elasticsearch import ApiError, ConnectionTimeout, TransportError

from search.documents import TEXT_FIELDS
from search.elasticsearch.client import get_client
from search.query import FACETS, TOTAL_HITS_CAP, SearchResult, SupplierQuery
from search.text import words

from .common import finish_facets, to_hit

FACET_FIELDS = {
    "sector": "sectors",
    "kind": "kind",
    "service": "services",
    "department": "department",
    "certified": "certified",
}
MAX_EXPANSIONS = 10
FILTER_PATH = [
    "responses.status",
    "responses.error.type",
    "responses.error.reason",
    "responses.took",
    "responses.hits.total",
    "responses.hits.hits._source.payload",
    "responses.aggregations.*.*.buckets.key",
    "responses.aggregations.*.*.buckets.key_as_string",
    "responses.aggregations.*.*.buckets.doc_count",
]


class EngineUnavailable(Exception):
    """Elasticsearch did not answer (connection refused, timeout, 5xx): an outage, not a bug."""

    def __init__(self, message: str, timeout: bool = False):
        super().__init__(message)
        self.timeout = timeout


class EngineBug(Exception):
    """Elasticsearch refused the request (4xx): our request is wrong; never a fallback."""


def alias_name() -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-suppliers"


def _text_clauses(terms: list[str]) -> list[dict]:
    # Every word must match some field (the best one scores); one typo allowed from five
    # letters (AUTO:5,…); few expansions keep fuzzy queries fast on a large index.
    fields = [f"text.{field}^{boost}" for field, boost in TEXT_FIELDS.items()]
    return [
        {
            "multi_match": {
                "query": term,
                "fields": fields,
                "type": "best_fields",
                "fuzziness": "AUTO:5,100",
                "max_expansions": MAX_EXPANSIONS,
            }
        }
        for term in terms
    ]


def _term(field, value) -> dict:
    return {"term": {field: value}}


def _serves_clause(where, radii: list[int]) -> dict:
    """On an activity (nested fields): its perimeter covers ``where``."""
    kind = "activities.perimeter_kind"
    clauses = [
        _term(kind, "national"),
        {"bool": {"filter": [_term(kind, "communes"), _term("activities.perimeter_communes", where.insee)]}},
        {"bool": {"filter": [_term(kind, "departments"), _term("activities.perimeter_departments", where.department)]}},
        {"bool": {"filter": [_term(kind, "regions"), _term("activities.perimeter_regions", where.region)]}},
    ]
    if where.lat is not None:
        for radius in radii:
            clauses.append(
                {
                    "bool": {
                        "filter": [
                            _term(kind, "radius"),
                            _term("activities.perimeter_radius_km", radius),
                            {
                                "geo_distance": {
                                    "distance": f"{radius}km",
                                    "activities.location": {"lat": where.lat, "lon": where.lon},
                                }
                            },
                        ]
                    }
                }
            )
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def _activity_clause(query: SupplierQuery, radii, skip: str | None = None, serves: bool = True) -> dict | None:
    """Suppliers with ONE activity meeting the sector, service and "serves" filters
    together (``skip``: a facet counted without its own filter)."""
    conditions = []
    if query.sectors and skip != "sector":
        conditions.append({"terms": {"activities.sectors": list(query.sectors)}})
    if query.services and skip != "service":
        conditions.append({"terms": {"activities.services": list(query.services)}})
    if not conditions and not (serves and query.serves):
        return None
    if query.serves:
        conditions.append(_serves_clause(query.serves, radii()))
    return {"nested": {"path": "activities", "query": {"bool": {"filter": conditions}}}}


def _facet_clauses(query: SupplierQuery, radii, skip: str | None = None) -> dict:
    """The filters on top of the base query, by facet; ``activity`` holds the sector and
    service filters (see _activity_clause); "serves" alone is in the base query."""
    return {
        "activity": _activity_clause(query, radii, skip=skip, serves=False),
        "kind": {"terms": {"kind": list(query.kinds)}} if query.kinds else None,
        "department": {"terms": {"department": list(query.departments)}} if query.departments else None,
        "certified": _term("certified", True) if query.certified_only else None,
    }


def _radius_values() -> list[int]:
    # The embedded index is always up to date (written with every change): ask it.
    from .database import radius_values

    return radius_values()


class ElasticsearchEngine:
    name = "elasticsearch"

    def __init__(self, index: str | None = None, client=None, timeout: float | None = None):
        self.index = index or alias_name()
        self.timeout = timeout if timeout is not None else settings.SEARCH_TIMEOUT_SECONDS
        self.client = (client or get_client()).options(request_timeout=self.timeout)

    def request(self, query: SupplierQuery) -> list[dict]:
        """The msearch lines: the hits request, then (if facets are shown) the facets one."""
        terms = words(query.text)
        filters = []
        near = query.near if query.near and query.near.lat is not None else None
        if near:
            filters.append(
                {"geo_distance": {"distance": f"{query.radius_km}km", "location": {"lat": near.lat, "lon": near.lon}}}
            )
        radii = cache(_radius_values)  # asked once per search, only if needed
        if query.serves:
            filters.append(
                {"nested": {"path": "activities", "query": _serves_clause(query.serves, radii())}},
            )
        if query.regions:
            filters.append({"terms": {"region": list(query.regions)}})
        base = {"bool": {"must": _text_clauses(terms), "filter": filters}}
        facet_clauses = _facet_clauses(query, radii)
        active = [c for c in facet_clauses.values() if c is not None]

        sort = query.effective_sort
        if sort == "distance":
            order = [
                {"_geo_distance": {"location": {"lat": near.lat, "lon": near.lon}, "order": "asc", "unit": "km"}},
                "id",
            ]
        elif sort == "name":
            order = ["name_sort", "id"]
        else:
            order = ["_score", "name_sort", "id"]
        hits = {
            "query": {"bool": {"must": [base], "filter": active}} if active else base,
            "from": query.offset,
            "size": query.page_size,
            "sort": order,
            "_source": ["payload"],
            "track_total_hits": TOTAL_HITS_CAP,
        }
        lines = [{}, hits]
        shown = [f for f in FACETS if f in query.facets]
        if shown:
            aggs = {}
            for facet in shown:
                others = [
                    c for f, c in _facet_clauses(query, radii, skip=facet).items() if c is not None and f != facet
                ]
                aggs[f"{facet}_filter"] = {
                    "filter": {"bool": {"filter": others}},
                    "aggs": {facet: {"terms": {"field": FACET_FIELDS[facet], "size": 200}}},
                }
            lines += [{"request_cache": True}, {"query": base, "size": 0, "aggs": aggs}]
        return lines

    def search(self, query: SupplierQuery) -> SearchResult:
        lines = self.request(query)
        try:
            body = self.client.msearch(index=self.index, searches=lines, filter_path=FILTER_PATH).body
        except ConnectionTimeout as exc:
            raise EngineUnavailable(str(exc), timeout=True) from exc
        except ApiError as exc:
            if exc.meta.status >= 500 or exc.meta.status == 429:
                raise EngineUnavailable(str(exc)) from exc
            raise EngineBug(f"Elasticsearch refused the search ({exc.meta.status}): {exc}") from exc
        except TransportError as exc:
            raise EngineUnavailable(str(exc)) from exc
        responses = body["responses"]
        for response in responses:
            status = response.get("status", 200)
            if "error" in response:
                message = f"Elasticsearch refused the search ({status}): {response['error']}"
                if status >= 500 or status == 429:
                    raise EngineUnavailable(message)
                raise EngineBug(message)
        hits_part = responses[0]["hits"]
        counts = {facet: {} for facet in FACETS}
        if len(responses) > 1:
            for name, agg in responses[1].get("aggregations", {}).items():
                facet = name.removesuffix("_filter")
                counts[facet] = {_key(b): b["doc_count"] for b in agg[facet].get("buckets", [])}
        total = hits_part["total"]
        return SearchResult(
            hits=[to_hit(hit["_source"]["payload"], query) for hit in hits_part.get("hits", [])],
            total=total["value"],
            total_is_lower_bound=total.get("relation") == "gte",
            facets=finish_facets(counts),
            engine=self.name,
            took_ms=responses[0].get("took"),
        )


def _key(bucket: dict) -> str:
    # Boolean terms come back as 1/0 with a key_as_string of "true"/"false".
    return bucket.get("key_as_string") or str(bucket["key"])
