"""The embedded engine: SQL over the index kept in the service's own database.

Text: every query word must match some field, exactly or (from five letters) with one
typo — the word is expanded to its neighbours in the vocabulary, then matched by FTS5
(SQLite) or a tsvector (PostgreSQL). Facets are GROUP BY over one materialised base set;
"near" and "serves" use a bounding box on the indexed latitude/longitude, then the exact
great-circle distance in SQL.
"""

import json
from collections import Counter
from math import cos, radians

from django.db import connection

from search import embedded
from search.geo import EARTH_RADIUS_KM
from search.query import FACETS, TOTAL_HITS_CAP, Place, SearchResult, SupplierQuery
from search.text import words

from .common import finish_facets, to_hit

KM_PER_DEGREE = 111.2
# bm25 weights of the FTS5 columns (name, brand, sectors, offers, description) and the
# ts_rank weights {D, C, B, A} of the PostgreSQL column (description, offers, sectors, name+brand).
FTS5_WEIGHTS = "4.0, 4.0, 2.0, 1.5, 1.0"
PG_WEIGHTS = "{0.25, 0.375, 0.5, 1.0}"


class Sql:
    """A fragment of SQL with its parameters, kept together so they never drift apart."""

    def __init__(self, sql: str = "", params=()):
        self.sql, self.params = sql, list(params)

    def __add__(self, other: "Sql") -> "Sql":
        return Sql(self.sql + other.sql, self.params + other.params)


def _in(column: str, values) -> Sql:
    values = list(values)
    return Sql(f"{column} IN ({', '.join(['%s'] * len(values))})", values)


def _distance(alias: str, where: Place) -> Sql:
    least = "least" if connection.vendor == "postgresql" else "min"
    return Sql(
        f"(2 * {EARTH_RADIUS_KM} * asin({least}(1.0, sqrt(power(sin(radians({alias}.lat - %s) / 2), 2)"
        f" + cos(radians(%s)) * cos(radians({alias}.lat)) * power(sin(radians({alias}.lon - %s) / 2), 2)))))",
        [where.lat, where.lat, where.lon],
    )


def _box(alias: str, where: Place, km: float) -> Sql:
    dlat = km / KM_PER_DEGREE
    widest = min(89.0, abs(where.lat) + dlat)
    dlon = min(180.0, km / (KM_PER_DEGREE * max(cos(radians(widest)), 0.01)))
    return Sql(
        f"{alias}.lat BETWEEN %s AND %s AND {alias}.lon BETWEEN %s AND %s",
        [where.lat - dlat, where.lat + dlat, where.lon - dlon, where.lon + dlon],
    )


def _max_radius() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(perimeter_radius_km) FROM search_indexedactivity WHERE perimeter_kind = 'radius'")
        return cursor.fetchone()[0] or 0


def radius_values() -> list[int]:
    """The distinct intervention radii in use (Elasticsearch expresses "serves" with one clause each)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT perimeter_radius_km FROM search_indexedactivity"
            " WHERE perimeter_kind = 'radius' AND perimeter_radius_km > 0 ORDER BY 1"
        )
        return [row[0] for row in cursor.fetchall()]


def _activity_values_in(field: str, values) -> Sql:
    inner = _in("value", values)
    return Sql(
        f"a.id IN (SELECT activity_id FROM search_indexedactivityvalue WHERE field = %s AND {inner.sql})",
        [field, *inner.params],
    )


def _serves(where: Place) -> Sql:
    """On an activity (alias ``a``): its perimeter covers ``where`` (the rule of the
    Marché's perimeter module, on the index)."""
    clauses = [
        Sql("a.perimeter_kind = 'national'"),
        Sql("(a.perimeter_kind = 'communes' AND ") + _activity_values_in("commune", [where.insee]) + Sql(")"),
        Sql("(a.perimeter_kind = 'departments' AND ")
        + _activity_values_in("department", [where.department])
        + Sql(")"),
        Sql("(a.perimeter_kind = 'regions' AND ") + _activity_values_in("region", [where.region]) + Sql(")"),
    ]
    if where.lat is not None:
        widest = _max_radius()
        if widest:
            clauses.append(
                Sql("(a.perimeter_kind = 'radius' AND ")
                + _box("a", where, widest)
                + Sql(" AND ")
                + _distance("a", where)
                + Sql(" <= a.perimeter_radius_km)")
            )
    return _join(clauses, " OR ", wrap=True)


def _activity_filter(query: SupplierQuery, alias: str, skip: str | None = None, serves: bool = True) -> Sql | None:
    """Suppliers with ONE activity meeting the sector, service and "serves" filters
    together (``skip``: a facet counted without its own filter). None when nothing to check."""
    conditions = []
    if query.sectors and skip != "sector":
        conditions.append(_activity_values_in("sector", query.sectors))
    if query.services and skip != "service":
        conditions.append(_activity_values_in("service", query.services))
    if not conditions and not (serves and query.serves):
        return None
    if query.serves:
        conditions.append(_serves(query.serves))
    return (
        Sql(f"{alias}.id IN (SELECT a.supplier_id FROM search_indexedactivity a WHERE ")
        + _join(conditions, " AND ")
        + Sql(")")
    )


def _with_base(statement, source, base):
    """The facet statement, reading the narrowed suppliers once (``base``) when a filter narrows them."""
    if not base:
        return statement
    return (
        Sql("WITH base AS MATERIALIZED (SELECT s.id, s.kind, s.department, s.certified FROM ")
        + source
        + _where(base)
        + Sql(") ")
        + statement
    )


def _join(parts: list[Sql], separator: str, wrap: bool = False) -> Sql:
    out = Sql()
    for i, part in enumerate(parts):
        out = out + (Sql(separator) if i else Sql()) + part
    return Sql("(") + out + Sql(")") if wrap else out


def _facet_filters(query: SupplierQuery, alias: str, skip: str | None = None) -> dict[str, Sql | None]:
    """The filters on top of the base set, by facet; ``activity`` holds the sector and
    service filters (one activity, with the place served, meets them); ``skip`` leaves a
    facet's own filter out of it. "serves" alone is in the base set already."""
    return {
        "activity": _activity_filter(query, alias, skip=skip, serves=False),
        "kind": _in(f"{alias}.kind", query.kinds) if query.kinds else None,
        "department": _in(f"{alias}.department", query.departments) if query.departments else None,
        "certified": Sql(f"{alias}.certified = %s", [True]) if query.certified_only else None,
    }


def _where(parts: list[Sql]) -> Sql:
    parts = [p for p in parts if p is not None]
    return Sql(" WHERE ") + _join(parts, " AND ") if parts else Sql()


class DatabaseEngine:
    name = "database"

    def search(self, query: SupplierQuery) -> SearchResult:
        terms = words(query.text)
        groups = [embedded.expansions(term) for term in terms]
        postgres = connection.vendor == "postgresql"

        # The base set: what text, place and region select; facet filters come on top.
        # On SQLite the text match is a sub-select, evaluated once: joined, the planner
        # may run the FTS query once per row of another table.
        source = Sql("search_indexedsupplier s")
        page_source = source
        score = Sql("0")
        base = []
        if groups:
            if postgres:
                tsquery = " & ".join("(" + " | ".join(f"'{w}'" for w in group) + ")" for group in groups)
                base.append(Sql("s.document @@ to_tsquery('simple', %s)", [tsquery]))
                score = Sql(f"-ts_rank('{PG_WEIGHTS}'::float4[], s.document, to_tsquery('simple', %s))", [tsquery])
            else:
                match = " AND ".join("(" + " OR ".join(f'"{w}"' for w in group) + ")" for group in groups)
                base.append(Sql("s.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)", [match]))
                if query.effective_sort == "relevance":
                    page_source = Sql("search_fts JOIN search_indexedsupplier s ON s.id = search_fts.rowid")
                    base_page = Sql("search_fts MATCH %s", [match])
                    score = Sql(f"bm25(search_fts, {FTS5_WEIGHTS})")
        near = query.near if query.near and query.near.lat is not None else None
        if near:
            base.append(
                _box("s", near, query.radius_km)
                + Sql(" AND ")
                + _distance("s", near)
                + Sql(" <= %s", [query.radius_km])
            )
        if query.serves:
            # Any activity serving the place: narrows the base set; the sector and service
            # filters then ask for one activity meeting them and this place together.
            base.append(
                Sql("s.id IN (SELECT a.supplier_id FROM search_indexedactivity a WHERE ")
                + _serves(query.serves)
                + Sql(")")
            )
        if query.regions:
            base.append(_in("s.region", query.regions))

        filters = _facet_filters(query, "s")
        facets, total = self._facets(query, source, base)
        sort = query.effective_sort
        if sort == "relevance":
            order = score + Sql(", s.name_sort, s.id")
        elif sort == "distance":
            order = _distance("s", near) + Sql(", s.id")
        else:
            order = Sql("s.name_sort, s.id")
        page_filters = [*base, *filters.values()]
        if page_source is not source:
            page_filters[0] = base_page  # the FTS table is joined: match it directly, for bm25
        page = (
            Sql("SELECT s.payload FROM ")
            + page_source
            + _where(page_filters)
            + Sql(" ORDER BY ")
            + order
            + Sql(" LIMIT %s OFFSET %s", [query.page_size, query.offset])
        )
        with connection.cursor() as cursor:
            cursor.execute(page.sql, page.params)
            payloads = [row[0] if isinstance(row[0], dict) else json.loads(row[0]) for row in cursor.fetchall()]
        return SearchResult(
            hits=[to_hit(payload, query) for payload in payloads],
            total=total,
            facets=facets,
            engine=self.name,
        )

    def _facets(self, query: SupplierQuery, source: Sql, base: list[Sql]):
        # Without a base set, one GROUP BY per facet straight on the index tables is the
        # cheapest; with one, grouping the base set once (below) is.
        if not base:
            return self._facets_by_arm(query, source, base)
        return self._facets_by_group(query, source, base)

    def _facets_by_group(self, query: SupplierQuery, source: Sql, base: list[Sql]):
        """Every facet counted without its own filter, and the total, in one statement.

        With text or place conditions, they select a base set materialised once; without,
        the counts read the index tables directly. Rows are grouped by (value,) kind,
        department and certification at once, so one scan serves the total and the three
        single-valued facets, and one per multi-valued facet; the single-valued filters
        are then applied to the groups in Python (a few hundred rows, not one per supplier).
        """
        alias, table = ("b", "base") if base else ("s", "search_indexedsupplier")
        filters = _facet_filters(query, alias)
        keys = f"{alias}.kind, {alias}.department, {alias}.certified"
        selects = [
            Sql(f"SELECT 'cube', '', {keys}, COUNT(*) FROM {table} {alias}")
            + _where([filters["activity"]])
            + Sql(f" GROUP BY {keys}")
        ]
        for facet in ("sector", "service"):
            if facet not in query.facets:
                continue
            other = _facet_filters(query, alias, skip=facet)["activity"]
            selects.append(
                Sql(
                    f"SELECT '{facet}', v.value, {keys}, COUNT(*) FROM search_indexedvalue v"
                    f" JOIN {table} {alias} ON {alias}.id = v.supplier_id WHERE v.field = '{facet}'"
                )
                + (Sql(" AND ") + other if other is not None else Sql())
                + Sql(f" GROUP BY v.value, {keys}")
            )
        statement = _with_base(_join(selects, " UNION ALL "), source, base)

        def kept(kind, department, certified, skip=None) -> bool:
            return (
                (skip == "kind" or not query.kinds or kind in query.kinds)
                and (skip == "department" or not query.departments or department in query.departments)
                and (skip == "certified" or not query.certified_only or bool(certified))
            )

        counts = {facet: Counter() for facet in FACETS}
        total = 0
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, statement.params)
            rows = cursor.fetchall()
        for facet, value, kind, department, certified, count in rows:
            if facet != "cube":
                if kept(kind, department, certified):
                    counts[facet][value] += count
                continue
            if kept(kind, department, certified):
                total += count
            if kept(kind, department, certified, skip="kind"):
                counts["kind"][kind] += count
            if department and kept(kind, department, certified, skip="department"):
                counts["department"][department] += count
            if kept(kind, department, certified, skip="certified"):
                counts["certified"]["true" if certified else "false"] += count
        shown = {facet: (values if facet in query.facets else {}) for facet, values in counts.items()}
        return finish_facets(shown), total

    def _facets_by_arm(self, query: SupplierQuery, source: Sql, base: list[Sql]):
        """Every facet counted without its own filter, and the total, in one statement.

        With text or place conditions, they select a base set materialised once; without,
        the counts read the index tables directly (a multi-valued facet then counts its
        value rows alone, without a join).
        """
        alias, table = ("b", "base") if base else ("s", "search_indexedsupplier")
        filters = _facet_filters(query, alias)
        selects = []
        for facet in (*[f for f in FACETS if f in query.facets], "total"):
            others = [c for f, c in _facet_filters(query, alias, skip=facet).items() if c is not None and f != facet]
            if facet in ("sector", "service"):
                select = Sql(
                    f"SELECT '{facet}', v.value, COUNT(*) FROM search_indexedvalue v WHERE v.field = '{facet}'"
                )
                if base or others:
                    select = (
                        select
                        + Sql(f" AND v.supplier_id IN (SELECT {alias}.id FROM {table} {alias}")
                        + _where(others)
                        + Sql(")")
                    )
                selects.append(select + Sql(" GROUP BY v.value"))
                continue
            if facet == "certified":
                column = f"CASE WHEN {alias}.certified THEN 'true' ELSE 'false' END"
                group = f" GROUP BY {alias}.certified"
            elif facet == "total":
                column, group = "''", ""
                others = [c for c in filters.values() if c is not None]
            else:
                column, group = f"{alias}.{facet}", f" GROUP BY {alias}.{facet}"
            selects.append(
                Sql(f"SELECT '{facet}', {column}, COUNT(*) FROM {table} {alias}") + _where(others) + Sql(group)
            )
        statement = _with_base(_join(selects, " UNION ALL "), source, base)
        counts = {facet: {} for facet in FACETS}
        total = 0
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, statement.params)
            for facet, value, count in cursor.fetchall():
                if facet == "total":
                    total = count
                elif value:
                    counts[facet][value] = count
        return finish_facets(counts), total


__all__ = ["DatabaseEngine", "radius_values", "TOTAL_HITS_CAP"]
