"""The benchmark's only contact with the search library.

Everything the bench and the load script ask of `search` goes through these few functions,
so that a change of the library's API means editing this file only. Call them after
``django.setup()``.
"""

import time

ENGINE_NAMES = ("database", "elasticsearch")


def make_query(params: dict):
    """The library's query object from URL-style parameters (as the API builds it)."""
    from django.http import QueryDict

    from marche.search.selectors import query_from_params

    data = QueryDict(mutable=True)
    for key, value in params.items():
        data[key] = value
    return query_from_params(data)


def searcher(name: str):
    """A function ``run(query) -> took_ms | None`` answering with engine ``name``."""
    if name == "database":
        from search.engines.database import DatabaseEngine

        engine = DatabaseEngine()

        def run(query):
            engine.search(query)
            return None

        return run
    if name == "elasticsearch":
        from search.engines.elasticsearch import ElasticsearchEngine

        # The bench measures the engine, not the outage path: a generous timeout.
        engine = ElasticsearchEngine(timeout=30)

        def run(query):
            # Elasticsearch's own time of the hits request, next to the time around the call.
            return engine.search(query).took_ms

        return run
    raise ValueError(f"unknown engine {name}")


def rebuild_elasticsearch(progress=lambda it, total: it) -> tuple[int, float]:
    """Rebuild the Elasticsearch index from the database. Returns (documents, seconds)."""
    from search.indexing import rebuild

    start = time.perf_counter()
    _, count = rebuild(progress=progress)
    return count, time.perf_counter() - start


def prepare_database_engine() -> float:
    """Rebuild the embedded index from the database (the generator already wrote it row by
    row; a rebuild also refreshes the planner's statistics). Returns seconds spent."""
    from search import index

    start = time.perf_counter()
    index.rebuild_embedded()
    return time.perf_counter() - start


def delete_elasticsearch_indices(prefix: str) -> None:
    from search.elasticsearch.client import get_client

    get_client().options(ignore_status=404).indices.delete(index=f"{prefix}-*")
