"""The two engines behind :class:`search.query.SupplierQuery`, and which one answers."""

import logging

from django.conf import settings

from search.query import SearchResult, SupplierQuery

logger = logging.getLogger(__name__)


def get_engine(name: str | None = None):
    """``elasticsearch`` when ELASTICSEARCH_URL is set, else ``database`` (the embedded default)."""
    from .database import DatabaseEngine
    from .elasticsearch import ElasticsearchEngine

    name = name or ("elasticsearch" if settings.ELASTICSEARCH_URL else "database")
    return ElasticsearchEngine() if name == "elasticsearch" else DatabaseEngine()


def search(query: SupplierQuery) -> SearchResult:
    """Answer with the configured engine. Rule: when Elasticsearch is unreachable the
    database answers instead (``degraded``), so the search page keeps working."""
    from .database import DatabaseEngine
    from .elasticsearch import EngineUnavailable

    engine = get_engine()
    try:
        return engine.search(query)
    except EngineUnavailable as exc:
        logger.warning("Elasticsearch unavailable, answering from the database: %s", exc)
        result = DatabaseEngine().search(query)
        result.degraded = True
        return result
