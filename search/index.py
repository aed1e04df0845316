"""The one entry point of indexing: the application says which suppliers changed.

``changed(ids)`` is called once at the end of every write that changes what buyers see,
inside its transaction: the embedded index is rewritten there and then (nothing can be
lost, no worker needed) and, when Elasticsearch is configured, the change is recorded and
sent after commit. ``rebuild()`` fills both indexes from the document source.
"""

from collections.abc import Iterable

from django.db import transaction

from search import embedded, indexing
from search.documents import source


def changed(ids: Iterable[int]) -> None:
    ids = sorted({int(i) for i in ids if i is not None})
    if not ids:
        return
    with transaction.atomic():
        embedded.write(ids, source().documents(ids))
        indexing.record(ids)


def rebuild_embedded(progress=lambda it, total: it) -> int:
    docs = source()
    with transaction.atomic():
        count = embedded.rebuild(progress(docs.documents(), docs.count()))
    embedded.analyze()
    return count


def rebuild(progress=lambda it, total: it) -> dict:
    """Rebuild the embedded index, then Elasticsearch's when configured. Returns counts by engine."""
    counts = {"database": rebuild_embedded(progress)}
    if indexing.enabled():
        name, counts["elasticsearch"] = indexing.rebuild(progress)
        indexing.flush()
    return counts
