"""Fixtures shared by every suite: the real Elasticsearch node.

A test that needs Elasticsearch asks for ``elasticsearch_url``. It gets ELASTICSEARCH_URL
when set, else a local node started once for the session (search/elasticsearch/node.py).
When neither is possible the test is skipped with a loud reason, except under
REQUIRE_ELASTICSEARCH=1 (CI), where it fails.
"""

import os
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

_skipped_reasons: list[str] = []

# Property-based tests (hypothesis) stay bounded so `make test` stays fast; CI explores more
# (HYPOTHESIS_PROFILE=ci). No deadline: one example is a whole request on a shared 2-core
# machine, and timings belong in bench/. Failing examples are kept under var/ (not in git)
# and replayed first on the next run. Tests that take pytest-django's `client` share it
# between examples on purpose (it holds no state between GETs), hence the health check off.
settings.register_profile(
    "default",
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=DirectoryBasedExampleDatabase(Path(__file__).resolve().parents[1] / "var" / "hypothesis"),
)
settings.register_profile("ci", parent=settings.get_profile("default"), max_examples=100, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


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
