"""Keeping Elasticsearch in step with the suppliers.

Rules: a rebuild fills a new versioned index and then swaps the alias, so searches never
see a half-built index, and replays the changes made while it ran; every change is
recorded in the database in the same transaction (PendingIndexUpdate, with the change's
sequence number as version) and sent after commit; a row is deleted only if it still
holds the version that was sent, so a change committed during a send is sent again; a
change that fails to reach Elasticsearch stays recorded and is retried by the worker.
"""

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from elasticsearch import ApiError, TransportError
from elasticsearch.helpers import bulk

from search.documents import SupplierDocument, source
from search.elasticsearch.analysis import ANALYZER, index_settings
from search.elasticsearch.client import get_client
from search.engines.elasticsearch import alias_name
from search.models import IndexChange, PendingIndexUpdate

logger = logging.getLogger(__name__)


class SendFailed(Exception):
    """Elasticsearch refused some documents of a bulk request."""


ES_ERRORS = (TransportError, ApiError, SendFailed)

TEXT = {"type": "text", "analyzer": ANALYZER}
KEYWORD = {"type": "keyword"}
MAPPINGS = {
    "dynamic": "strict",
    "properties": {
        "id": {"type": "long"},
        "siret": KEYWORD,
        "kind": KEYWORD,
        "department": KEYWORD,
        "region": KEYWORD,
        "sectors": KEYWORD,
        "services": KEYWORD,
        "certified": {"type": "boolean"},
        "location": {"type": "geo_point"},
        # One entry per activity, nested so that "sector Y and serves X" are met by ONE
        # activity; the supplier's location is copied in (a radius is measured from it).
        "activities": {
            "type": "nested",
            "properties": {
                "sectors": KEYWORD,
                "services": KEYWORD,
                "perimeter_kind": KEYWORD,
                "perimeter_radius_km": {"type": "integer"},
                "perimeter_communes": KEYWORD,
                "perimeter_departments": KEYWORD,
                "perimeter_regions": KEYWORD,
                "location": {"type": "geo_point"},
            },
        },
        "name_sort": KEYWORD,
        "text": {"properties": {field: TEXT for field in ("name", "brand", "sectors", "offers", "description")}},
        # What a hit shows: stored, never indexed.
        "payload": {"type": "object", "enabled": False},
    },
}
SEND_CHUNK = 500


def enabled() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


def es_document(doc: SupplierDocument) -> dict:
    return {
        "id": doc.id,
        "siret": doc.siret,
        "kind": doc.kind,
        "department": doc.department,
        "region": doc.region,
        "sectors": list(doc.sectors),
        "services": list(doc.services),
        "certified": doc.certified,
        "location": {"lat": doc.lat, "lon": doc.lon} if doc.lat is not None else None,
        "activities": [
            {
                "sectors": list(entry.sectors),
                "services": list(entry.services),
                "perimeter_kind": entry.perimeter_kind,
                "perimeter_radius_km": entry.perimeter_radius_km or 0,
                "perimeter_communes": list(entry.perimeter_communes),
                "perimeter_departments": list(entry.perimeter_departments),
                "perimeter_regions": list(entry.perimeter_regions),
                "location": {"lat": doc.lat, "lon": doc.lon} if doc.lat is not None else None,
            }
            for entry in doc.activities
        ],
        "name_sort": doc.name_sort,
        "text": doc.text,
        "payload": doc.payload(),
    }


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


def record(ids: list[int]) -> None:
    """Note, in the current transaction, that these suppliers changed; send them after commit."""
    if not enabled() or not ids:
        return
    changes = IndexChange.objects.bulk_create([IndexChange(supplier_id=i) for i in ids])
    PendingIndexUpdate.objects.bulk_create(
        [PendingIndexUpdate(supplier_id=c.supplier_id, version=c.pk) for c in changes],
        update_conflicts=True,
        unique_fields=["supplier_id"],
        update_fields=["version"],
    )
    transaction.on_commit(lambda: _enqueue(ids))


def _enqueue(ids: list[int], delay: timedelta | None = None) -> None:
    from search.tasks import index_suppliers

    try:
        # Inside the try: a backend without delayed tasks (the immediate one) refuses
        # run_after; the rows then stay pending for `search_index --retry` or the next change.
        task = index_suppliers.using(run_after=timezone.now() + delay) if delay else index_suppliers
        task.enqueue(ids)
    except Exception:  # the queue itself failing must not fail the user's save: the row stays pending
        logger.exception("could not enqueue indexing of suppliers %s", ids)


def send(ids: list[int], client=None, index: str | None = None, refresh: bool = False) -> int:
    """Put these suppliers' current state in the index (or take them out). Raises on ES errors."""
    client = client or get_client()
    if index is None:
        ensure_index(client)
    index = index or alias_name()
    documents = {d.id: d for d in source().documents(ids)}
    actions = [
        {"_op_type": "index", "_index": index, "_id": i, "_source": es_document(documents[i])}
        if i in documents
        else {"_op_type": "delete", "_index": index, "_id": i}
        for i in ids
    ]
    if not actions:
        return 0
    operations = []
    for action in actions:
        operations.append({action["_op_type"]: {"_index": action["_index"], "_id": action["_id"]}})
        if "_source" in action:
            operations.append(action["_source"])
    response = client.bulk(operations=operations, refresh=refresh).body
    if response.get("errors"):
        for item in response["items"]:
            ((op, result),) = item.items()
            if result.get("status", 200) >= 300 and not (op == "delete" and result.get("status") == 404):
                raise SendFailed(f"bulk {op} failed ({result.get('status')}): {result.get('error')}")
    return len(actions)


def _send_chunk(client, actions: list[dict]) -> int:
    sent, _ = bulk(client, actions, chunk_size=len(actions), raise_on_error=True)
    return sent


def flush(ids: list[int] | None = None, client=None, refresh: bool = False) -> tuple[int, int]:
    """Send pending changes (all, or those of ``ids``). Returns (sent, still pending)."""
    pending = (
        PendingIndexUpdate.objects.all() if ids is None else PendingIndexUpdate.objects.filter(supplier_id__in=ids)
    )
    rows = list(pending.order_by("version").values_list("supplier_id", "version", "attempts"))
    sent = failed = 0
    for start in range(0, len(rows), SEND_CHUNK):
        chunk = rows[start : start + SEND_CHUNK]
        try:
            send([supplier_id for supplier_id, _, _ in chunk], client=client, refresh=refresh)
        except ES_ERRORS as exc:
            failed += len(chunk)
            for supplier_id, _version, attempts in chunk:
                PendingIndexUpdate.objects.filter(supplier_id=supplier_id).update(
                    attempts=attempts + 1, last_error=str(exc)[:1000]
                )
            continue
        # Delete a row only if it still holds the version sent: a change committed
        # meanwhile has bumped it and will be sent again.
        PendingIndexUpdate.objects.filter(reduce(or_, (Q(supplier_id=s, version=v) for s, v, _ in chunk))).delete()
        sent += len(chunk)
    return sent, failed


def rebuild(progress=lambda it, total: it, chunk_size: int = 1000, client=None) -> tuple[str, int]:
    """Build a new versioned index from the document source, swap the alias, then replay
    the changes made since the build started. Returns (index, count)."""
    client = client or get_client()
    alias = alias_name()
    started_after = IndexChange.objects.aggregate(last=Max("pk"))["last"] or 0
    name = f"{alias}-{timezone.now():%Y%m%d%H%M%S%f}"
    create_index(name, client)
    # During the build: no refresh, no replica (each document written once); restored after.
    client.indices.put_settings(index=name, settings={"refresh_interval": "-1", "number_of_replicas": 0})
    docs = source()
    count = 0
    # Documents are built in this thread (the database connection belongs to it) while a
    # second thread sends the previous chunk: Elasticsearch and Python work side by side.
    with ThreadPoolExecutor(max_workers=1) as sender:
        in_flight, chunk = None, []
        for doc in progress(docs.documents(), docs.count()):
            chunk.append({"_index": name, "_id": doc.id, "_source": es_document(doc)})
            if len(chunk) >= chunk_size:
                count += in_flight.result() if in_flight else 0
                in_flight, chunk = sender.submit(_send_chunk, client, chunk), []
        count += in_flight.result() if in_flight else 0
        count += _send_chunk(client, chunk) if chunk else 0
    client.indices.put_settings(
        index=name,
        settings={"refresh_interval": "1s", "number_of_replicas": settings.ELASTICSEARCH_REPLICAS},
    )
    client.indices.refresh(index=name)
    previous = list(client.indices.get_alias(name=alias).keys()) if client.indices.exists_alias(name=alias) else []
    actions = [{"remove": {"index": old, "alias": alias}} for old in previous] + [
        {"add": {"index": name, "alias": alias}}
    ]
    client.indices.update_aliases(actions=actions)
    for old in previous:
        client.indices.delete(index=old)
    # Changes made while the build ran may have been read before they happened: send
    # them again, to the new index, now that searches use it.
    replay = sorted(set(IndexChange.objects.filter(pk__gt=started_after).values_list("supplier_id", flat=True)))
    for start in range(0, len(replay), SEND_CHUNK):
        send(replay[start : start + SEND_CHUNK], client=client, index=name)
    IndexChange.objects.filter(pk__lte=started_after).delete()
    return name, count
