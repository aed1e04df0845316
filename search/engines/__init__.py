"""The engines behind :class:`search.query.SupplierQuery`, and which one answers.

Rule: when Elasticsearch does not answer, the embedded engine (always up to date) answers
instead, marked ``degraded``. A circuit breaker keeps a hung or down node from costing
every request its timeout: a timeout opens it at once, other failures after
SEARCH_BREAKER_FAILURES in a row; while open (SEARCH_BREAKER_OPEN_SECONDS) Elasticsearch
is not asked at all, then one request tries it again. A 4xx is a bug in our request and
is raised, never hidden behind the fallback.
"""

import logging
import threading
import time

from django.conf import settings

from search.query import SearchResult, SupplierQuery

logger = logging.getLogger(__name__)
ENGINES = ("database", "elasticsearch")


class Breaker:
    """Why by hand: a dozen lines of state per process; the libraries on PyPI wrap
    functions with decorators and global registries we would have to reset in tests."""

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.failures = 0
        self.open_until = 0.0

    def allows(self) -> bool:
        with self._lock:
            if self.open_until and time.monotonic() < self.open_until:
                return False
            if self.open_until:
                # Half-open: this request probes; the next ones wait for its answer.
                self.open_until = time.monotonic() + settings.SEARCH_BREAKER_OPEN_SECONDS
            return True

    def success(self) -> None:
        with self._lock:
            self.reset()

    def failure(self, timeout: bool) -> None:
        with self._lock:
            self.failures += 1
            if timeout or self.failures >= settings.SEARCH_BREAKER_FAILURES:
                self.open_until = time.monotonic() + settings.SEARCH_BREAKER_OPEN_SECONDS

    @property
    def is_open(self) -> bool:
        return bool(self.open_until) and time.monotonic() < self.open_until


breaker = Breaker()


def default_engine_name() -> str:
    return "elasticsearch" if settings.ELASTICSEARCH_URL else "database"


def get_engine(name: str | None = None):
    """An engine by name (``database`` or ``elasticsearch``); by default ``elasticsearch``
    when ELASTICSEARCH_URL is set, else ``database`` (the embedded engine)."""
    from .database import DatabaseEngine
    from .elasticsearch import ElasticsearchEngine

    name = name or default_engine_name()
    if name not in ENGINES:
        raise ValueError(f"unknown search engine {name!r} (expected one of {', '.join(ENGINES)})")
    return ElasticsearchEngine() if name == "elasticsearch" else DatabaseEngine()


def search(query: SupplierQuery) -> SearchResult:
    """Answer with the configured engine, falling back to the embedded one during an outage."""
    from .database import DatabaseEngine
    from .elasticsearch import EngineUnavailable

    if default_engine_name() == "database":
        return DatabaseEngine().search(query)
    if breaker.allows():
        try:
            result = get_engine("elasticsearch").search(query)
        except EngineUnavailable as exc:
            breaker.failure(timeout=exc.timeout)
            logger.warning("Elasticsearch unavailable, answering from the embedded engine: %s", exc)
        else:
            breaker.success()
            return result
    result = DatabaseEngine().search(query)
    result.degraded = True
    return result
