"""Keeping Elasticsearch in step with the suppliers.

Rules: a rebuild fills a new versioned index and then swaps the alias, so searches never
see a half-built index; every profile change is recorded in the database in the same
transaction (PendingIndexUpdate) and sent after commit; a change that fails to reach
Elasticsearch stays recorded and is retried by the worker, so nothing is lost.
"""

import contextlib
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from elasticsearch import ApiError, NotFoundError, TransportError
from elasticsearch.helpers import bulk

from search.documents import searchable_suppliers, supplier_document
from search.elasticsearch.analysis import ANALYZER, index_settings
from search.elasticsearch.client import get_client
from search.engines.elasticsearch import alias_name
from search.models import PendingIndexUpdate

logger = logging.getLogger(__name__)
ES_ERRORS = (TransportError, ApiError)

TEXT = {"type": "text", "analyzer": ANALYZER}
KEYWORD = {"type": "keyword"}
MAPPINGS = {
    "dynamic": "strict",
    "properties": {
        "id": {"type": "long"},
        "siret": KEYWORD,
        "slug": {"type": "keyword", "index": False},
        "name": {"type": "keyword", "index": False},
        "brand": {"type": "keyword", "index": False},
        "city": {"type": "keyword", "index": False},
        "kind": KEYWORD,
        "department": KEYWORD,
        "region": KEYWORD,
        "sectors": KEYWORD,
        "services": KEYWORD,
        "certified": {"type": "boolean"},
        "location": {"type": "geo_point"},
        "perimeter_kind": KEYWORD,
        "perimeter_radius_km": {"type": "integer"},
        "perimeter_departments": KEYWORD,
        "perimeter_regions": KEYWORD,
        "name_sort": KEYWORD,
        "text": {"properties": {field: TEXT for field in ("name", "brand", "sectors", "offers", "description")}},
    },
}


def enabled() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


def create_index(name: str, client=None) -> None:
    (client or get_client()).indices.create(index=name, settings=index_settings(), mappings=MAPPINGS)


def ensure_index(client=None) -> None:
    """Create the first index and its alias when none exists (a fresh cluster)."""
    client = client or get_client()
    alias = alias_name()
    if not client.indices.exists_alias(name=alias):
        name = f"{alias}-{timezone.now():%Y%m%d%H%M%S%f}"
        create_index(name, client)
        client.indices.put_alias(index=name, name=alias)


def rebuild(progress=lambda it, total: it, chunk_size: int = 1000, client=None) -> tuple[str, int]:
    """Build a new versioned index from the database, then swap the alias. Returns (index, count)."""
    client = client or get_client()
    alias = alias_name()
    name = f"{alias}-{timezone.now():%Y%m%d%H%M%S%f}"
    create_index(name, client)
    client.indices.put_settings(index=name, settings={"refresh_interval": "-1"})
    suppliers = searchable_suppliers()
    total = suppliers.count()
    count = 0
    # Documents are built here (the database connection belongs to this thread) while a
    # second thread sends the previous chunk: Elasticsearch and Python work side by side.
    with ThreadPoolExecutor(max_workers=1) as sender:
        in_flight = None
        chunk = []
        for supplier in progress(suppliers.iterator(chunk_size=chunk_size), total):
            chunk.append({"_index": name, "_id": supplier.pk, "_source": supplier_document(supplier)})
            if len(chunk) >= chunk_size:
                count += in_flight.result() if in_flight else 0
                in_flight, chunk = sender.submit(_send_chunk, client, chunk), []
        count += in_flight.result() if in_flight else 0
        count += _send_chunk(client, chunk) if chunk else 0
    client.indices.put_settings(index=name, settings={"refresh_interval": "1s"})
    client.indices.refresh(index=name)
    previous = list(client.indices.get_alias(name=alias).keys()) if client.indices.exists_alias(name=alias) else []
    actions = [{"remove": {"index": old, "alias": alias}} for old in previous] + [
        {"add": {"index": name, "alias": alias}}
    ]
    client.indices.update_aliases(actions=actions)
    for old in previous:
        client.indices.delete(index=old)
    return name, count


def _send_chunk(client, actions: list[dict]) -> int:
    sent, _ = bulk(client, actions, chunk_size=len(actions), raise_on_error=True)
    return sent


def send(supplier_id: int, client=None, refresh: bool = False) -> None:
    """Put one supplier's current state in the index (or take it out). Raises on ES errors."""
    client = client or get_client()
    ensure_index(client)
    supplier = searchable_suppliers().filter(pk=supplier_id).first()
    if supplier is None:
        with contextlib.suppress(NotFoundError):
            client.delete(index=alias_name(), id=supplier_id, refresh=refresh)
    else:
        client.index(index=alias_name(), id=supplier_id, document=supplier_document(supplier), refresh=refresh)


def record_change(supplier_id: int) -> None:
    """Note that a supplier changed, in the current transaction; send it after commit."""
    if not enabled():
        return
    PendingIndexUpdate.objects.get_or_create(supplier_id=supplier_id)
    transaction.on_commit(lambda: _enqueue([supplier_id]))


def _enqueue(ids: list[int], delay: timedelta | None = None) -> None:
    from search.tasks import index_suppliers

    task = index_suppliers.using(run_after=timezone.now() + delay) if delay else index_suppliers
    try:
        task.enqueue(ids)
    except Exception:  # the queue itself failing must not fail the user's save: the row stays pending
        logger.exception("could not enqueue indexing of suppliers %s", ids)


def flush(ids: list[int] | None = None, client=None, refresh: bool = False) -> tuple[int, int]:
    """Send pending changes (all, or those of ``ids``). Returns (sent, still pending)."""
    pending = (
        PendingIndexUpdate.objects.all() if ids is None else PendingIndexUpdate.objects.filter(supplier_id__in=ids)
    )
    sent = failed = 0
    for update in pending.order_by("created_at"):
        try:
            send(update.supplier_id, client=client, refresh=refresh)
        except ES_ERRORS as exc:
            failed += 1
            PendingIndexUpdate.objects.filter(pk=update.pk).update(
                attempts=update.attempts + 1, last_error=str(exc)[:1000]
            )
            continue
        # Delete only the row we sent: a change recorded meanwhile keeps its own row.
        PendingIndexUpdate.objects.filter(pk=update.pk, created_at=update.created_at).delete()
        sent += 1
    return sent, failed
