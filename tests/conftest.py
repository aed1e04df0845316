"""Fixtures shared by every suite: the real Elasticsearch node.

A test that needs Elasticsearch asks for ``elasticsearch_url``. It gets ELASTICSEARCH_URL
when set, else a local node started once for the session (search/elasticsearch/node.py).
When neither is possible the test is skipped with a loud reason, except under
REQUIRE_ELASTICSEARCH=1 (CI), where it fails.
"""

import os
import uuid

import pytest

_skipped_reasons: list[str] = []


def _required(variable: str) -> bool:
    return os.environ.get(variable, "").strip().lower() in {"1", "true", "yes"}


def unavailable(variable: str, what: str, reason: str):
    """Skip loudly, or fail when the environment says this part is required."""
    message = f"{what} UNAVAILABLE, test not run: {reason}"
    if _required(variable):
        pytest.fail(f"{message} ({variable}=1)", pytrace=False)
    _skipped_reasons.append(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def elasticsearch_url():
    url = os.environ.get("ELASTICSEARCH_URL", "").strip()
    if url:
        yield url.rstrip("/")
        return
    from search.elasticsearch.node import ElasticsearchNode, NodeUnavailable

    node = ElasticsearchNode()
    try:
        url = node.start()
    except NodeUnavailable as exc:
        unavailable("REQUIRE_ELASTICSEARCH", "ELASTICSEARCH", str(exc).splitlines()[0])
    try:
        yield url
    finally:
        node.stop()


@pytest.fixture
def es_index_prefix(elasticsearch_url):
    """A unique index prefix for one test; its indices are deleted afterwards."""
    from elasticsearch import Elasticsearch

    prefix = f"test-{uuid.uuid4().hex[:10]}"
    yield prefix
    Elasticsearch(elasticsearch_url).options(ignore_status=404).indices.delete(index=f"{prefix}*")


def pytest_terminal_summary(terminalreporter):
    if _skipped_reasons:
        terminalreporter.write_sep("!", "PARTS OF THE PRODUCT WERE NOT TESTED", red=True, bold=True)
        for reason in sorted(set(_skipped_reasons)):
            terminalreporter.write_line(reason, red=True)
