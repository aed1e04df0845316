"""The embedded index: tables in the service's own database, written in the same
transaction as the change.

Full text is FTS5 on SQLite and a ``tsvector`` with a GIN index on PostgreSQL, both over
text already folded by search/text.py; a vocabulary of symmetric-delete keys expands a
query word to its one-typo neighbours before matching. Why hand-written SQL: the ORM has
no FTS5, and facets, bounding boxes and distances are plain SQL on both databases.
"""

from collections.abc import Iterable

from django.db import connection

from search.documents import SupplierDocument
from search.models import (
    IndexedActivity,
    IndexedActivityValue,
    IndexedSupplier,
    IndexedValue,
    VocabularyKey,
    VocabularyWord,
)
from search.text import FUZZY_MIN_LENGTH, within_one_edit

MULTI_VALUED = {"sector": "sectors", "service": "services"}
ACTIVITY_VALUED = {
    "sector": "sectors",
    "service": "services",
    "commune": "perimeter_communes",
    "department": "perimeter_departments",
    "region": "perimeter_regions",
}
MIN_VOCABULARY_LENGTH = FUZZY_MIN_LENGTH - 1  # neighbours of a five-letter word have four or more
MAX_WORD_LENGTH = 64
MAX_EXPANSIONS = 20  # like Elasticsearch's max_expansions: a common stem stays cheap
_CHUNK = 500


def _row(doc: SupplierDocument) -> IndexedSupplier:
    text = doc.text
    return IndexedSupplier(
        id=doc.id,
        name_sort=doc.name_sort,
        kind=doc.kind,
        department=doc.department,
        region=doc.region,
        certified=doc.certified,
        lat=doc.lat,
        lon=doc.lon,
        t_name=text["name"],
        t_brand=text["brand"],
        t_sectors=text["sectors"],
        t_offers=text["offers"],
        t_description=text["description"],
        payload=doc.payload(),
    )


def _values(doc: SupplierDocument) -> list[IndexedValue]:
    return [
        IndexedValue(supplier_id=doc.id, field=field, value=str(value)[:64])
        for field, attribute in MULTI_VALUED.items()
        for value in dict.fromkeys(getattr(doc, attribute))
    ]


def _chunks(items: list, size: int = _CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def write(ids: Iterable[int], documents: Iterable[SupplierDocument]) -> int:
    """Replace the index rows of ``ids`` by ``documents`` (ids without a document leave the
    index). Call inside the transaction of the change."""
    ids = list(dict.fromkeys(ids))
    documents = list(documents)
    for chunk in _chunks(ids):
        IndexedActivityValue.objects.filter(supplier_id__in=chunk)._raw_delete(IndexedActivityValue.objects.db)
        IndexedActivity.objects.filter(supplier_id__in=chunk)._raw_delete(IndexedActivity.objects.db)
        IndexedValue.objects.filter(supplier_id__in=chunk)._raw_delete(IndexedValue.objects.db)
        IndexedSupplier.objects.filter(id__in=chunk)._raw_delete(IndexedSupplier.objects.db)
    _insert(documents)
    return len(documents)


def _activities(documents: list[SupplierDocument]) -> None:
    """One row per activity, then its values (bulk_create returns the new ids on both databases)."""
    pairs = [(doc, entry) for doc in documents for entry in doc.activities]
    rows = IndexedActivity.objects.bulk_create(
        [
            IndexedActivity(
                supplier_id=doc.id,
                perimeter_kind=entry.perimeter_kind,
                perimeter_radius_km=entry.perimeter_radius_km or 0,
                lat=doc.lat,
                lon=doc.lon,
            )
            for doc, entry in pairs
        ],
        batch_size=_CHUNK,
    )
    IndexedActivityValue.objects.bulk_create(
        [
            IndexedActivityValue(activity_id=row.pk, supplier_id=doc.id, field=field, value=str(value)[:64])
            for row, (doc, entry) in zip(rows, pairs, strict=True)
            for field, attribute in ACTIVITY_VALUED.items()
            for value in dict.fromkeys(getattr(entry, attribute))
        ],
        batch_size=2000,
    )


def _insert(documents: list[SupplierDocument]) -> None:
    IndexedSupplier.objects.bulk_create([_row(d) for d in documents], batch_size=_CHUNK)
    IndexedValue.objects.bulk_create([v for d in documents for v in _values(d)], batch_size=2000)
    _activities(documents)
    add_words({w for d in documents for text in d.text.values() for w in text.split()})


def clear() -> None:
    """Empty the index and its vocabulary (a rebuild starts here, in its transaction)."""
    for model in (IndexedActivityValue, IndexedActivity, IndexedValue, IndexedSupplier, VocabularyKey, VocabularyWord):
        model.objects.all()._raw_delete(model.objects.db)


def rebuild(documents: Iterable[SupplierDocument], progress=lambda it: it) -> int:
    """Fill the index from scratch; call inside one transaction so searches never see it half-built."""
    clear()
    count = 0
    batch = []
    for doc in progress(documents):
        batch.append(doc)
        if len(batch) >= 1000:
            _insert(batch)
            count += len(batch)
            batch = []
    _insert(batch)
    return count + len(batch)


def deletion_keys(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def add_words(words: set[str]) -> None:
    """Add new words and their keys. Words are never removed between rebuilds: a stale word
    only expands a query to a word no document holds, which matches nothing."""
    words = sorted(w for w in words if MIN_VOCABULARY_LENGTH <= len(w) <= MAX_WORD_LENGTH)
    for chunk in _chunks(words):
        known = set(VocabularyWord.objects.filter(word__in=chunk).values_list("word", flat=True))
        new = [w for w in chunk if w not in known]
        if not new:
            continue
        VocabularyWord.objects.bulk_create([VocabularyWord(word=w) for w in new], ignore_conflicts=True)
        VocabularyKey.objects.bulk_create(
            [VocabularyKey(key=k, word=w) for w in new for k in deletion_keys(w)],
            ignore_conflicts=True,
            batch_size=2000,
        )


def expansions(term: str) -> list[str]:
    """The term and the indexed words within one edit of it (words of five letters or more)."""
    if len(term) < FUZZY_MIN_LENGTH or len(term) > MAX_WORD_LENGTH:
        return [term]
    candidates = VocabularyKey.objects.filter(key__in=deletion_keys(term)).values_list("word", flat=True).distinct()
    neighbours = sorted(w for w in candidates if w != term and within_one_edit(term, w))
    return [term, *neighbours[: MAX_EXPANSIONS - 1]]


def analyze() -> None:
    """Refresh the planner's statistics of the index tables (after a rebuild)."""
    tables = (
        "search_indexedsupplier",
        "search_indexedvalue",
        "search_indexedactivity",
        "search_indexedactivityvalue",
        "search_vocabularykey",
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        elif connection.vendor == "sqlite":
            for table in tables:
                cursor.execute(f"ANALYZE {table}")
