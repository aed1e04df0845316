"""The Elasticsearch client of the Marché, built from settings."""

from functools import cache

from django.conf import settings
from elasticsearch import Elasticsearch


@cache
def _client_for(url: str, timeout: float) -> Elasticsearch:
    return Elasticsearch(url, request_timeout=timeout, retry_on_timeout=False, max_retries=0)


def get_client(url: str | None = None, timeout: float = 10) -> Elasticsearch:
    """One client per URL and process (it pools connections); ``url`` defaults to ELASTICSEARCH_URL."""
    url = url or settings.ELASTICSEARCH_URL
    if not url:
        raise RuntimeError("ELASTICSEARCH_URL is not set: the Marché uses the embedded search engine.")
    return _client_for(url, timeout)
