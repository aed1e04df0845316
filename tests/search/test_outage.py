"""Elasticsearch down or hung: a short timeout and a circuit breaker send searches to the
embedded engine (marked degraded); a 4xx is a bug and never hidden behind the fallback."""

import socket
import threading

import pytest

from search.engines import breaker, search
from search.engines.elasticsearch import EngineBug
from search.query import SupplierQuery

pytestmark = pytest.mark.django_db


@pytest.fixture
def hung_node():
    """A socket that accepts connections and never answers: a hung Elasticsearch node."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.05)
    accepted, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", accepted
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def names(result):
    return [hit.name for hit in result.hits]


def test_a_hung_node_costs_one_slow_request_then_the_breaker_answers_from_the_embedded_engine(
    settings, catalogue, hung_node
):
    url, accepted = hung_node
    settings.ELASTICSEARCH_URL = url
    settings.SEARCH_TIMEOUT_SECONDS = 0.3
    settings.SEARCH_BREAKER_OPEN_SECONDS = 600

    results = [search(SupplierQuery(text="menuiserie")) for _ in range(5)]

    assert all(r.degraded and r.engine == "database" for r in results)
    assert all(names(r) == ["Menuiserie de l'Élan", "Intérim National"] for r in results)
    assert breaker.is_open
    assert len(accepted) == 1  # only the first search went to the hung node


def test_once_the_breaker_period_is_over_one_search_tries_elasticsearch_again(settings, catalogue, hung_node):
    url, accepted = hung_node
    settings.ELASTICSEARCH_URL = url
    settings.SEARCH_TIMEOUT_SECONDS = 0.3
    settings.SEARCH_BREAKER_OPEN_SECONDS = 0

    search(SupplierQuery(text="menuiserie"))
    second = search(SupplierQuery(text="menuiserie"))

    assert second.degraded
    assert len(accepted) == 2


def test_a_refused_connection_opens_the_breaker_after_a_few_failures(settings, catalogue):
    from search.elasticsearch.node import free_port

    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"
    settings.SEARCH_BREAKER_FAILURES = 3

    for n in range(1, 4):
        assert search(SupplierQuery(text="provence")).degraded
        assert breaker.is_open == (n == 3)


def test_a_4xx_from_elasticsearch_is_raised_and_never_falls_back(
    settings, catalogue, elasticsearch_url, es_index_prefix
):
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.ELASTICSEARCH_INDEX_PREFIX = es_index_prefix  # no index: Elasticsearch answers 404

    with pytest.raises(EngineBug, match="404"):
        search(SupplierQuery(text="menuiserie"))

    assert not breaker.is_open and breaker.failures == 0
