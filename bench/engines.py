"""The benchmark's only contact with the search library (today's API).

Everything the bench and the load script ask of `search` goes through these few functions,
so that moving to the new library (explicit ``search.index.changed(ids)``, new engines)
means editing this file only. Call them after ``django.setup()``.
"""

import time

ENGINE_NAMES = ("database", "elasticsearch")


def make_query(params: dict):
    """The library's query object from URL-style parameters (as the API builds it)."""
    from django.http import QueryDict

    from search.query import SupplierQuery

    data = QueryDict(mutable=True)
    for key, value in params.items():
        data[key] = value
    return SupplierQuery.from_params(data)


class _TookRecorder:
    """Wraps the Elasticsearch client to keep Elasticsearch's own ``took`` of each search,
    next to the time measured around the whole call in Python."""

    def __init__(self, client):
        self._client = client
        self.last_took_ms: float | None = None

    def search(self, *args, **kwargs):
        response = self._client.search(*args, **kwargs)
        self.last_took_ms = float(response.body.get("took", 0))
        return response

    def __getattr__(self, name):
        return getattr(self._client, name)


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
        from search.elasticsearch.client import get_client
        from search.engines.elasticsearch import ElasticsearchEngine

        client = _TookRecorder(get_client())
        engine = ElasticsearchEngine(client=client)

        def run(query):
            client.last_took_ms = None
            engine.search(query)
            return client.last_took_ms

        return run
    raise ValueError(f"unknown engine {name}")


def rebuild_elasticsearch(progress=lambda it, total: it) -> tuple[int, float]:
    """Rebuild the Elasticsearch index from the database. Returns (documents, seconds)."""
    from search.indexing import rebuild

    start = time.perf_counter()
    _, count = rebuild(progress=progress)
    return count, time.perf_counter() - start


def prepare_database_engine() -> float:
    """Whatever the embedded engine needs before it answers (today: nothing, it reads the
    suppliers at query time; the catalogue generator already told the library which
    suppliers changed). Returns seconds spent."""
    return 0.0


def delete_elasticsearch_indices(prefix: str) -> None:
    from search.elasticsearch.client import get_client

    get_client().options(ignore_status=404).indices.delete(index=f"{prefix}-*")
