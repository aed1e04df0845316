from django.conf import settings
from elasticsearch import ApiError, TransportError

from .elasticsearch.client import get_client


def elasticsearch_status() -> dict:
    """State of Elasticsearch for /healthz; ``disabled`` when the embedded engine is used."""
    if not settings.ELASTICSEARCH_URL:
        return {"status": "disabled", "engine": "database"}
    try:
        health = get_client(timeout=3).cluster.health()
    except (ApiError, TransportError) as exc:
        return {"status": "error", "engine": "elasticsearch", "error": str(exc)[:200]}
    status = health.get("status")
    return {"status": "ok" if status in ("green", "yellow") else "error", "engine": "elasticsearch", "cluster": status}
