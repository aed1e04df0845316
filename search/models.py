from django.db import models


class PendingIndexUpdate(models.Model):
    """A supplier change not yet confirmed in Elasticsearch.

    Written in the same transaction as the change, deleted once Elasticsearch has it:
    while Elasticsearch is down nothing is lost, and the worker retries from here.
    ``version`` is the sequence number of the latest change: the worker deletes the row
    only if it still holds the version it sent, so a change committed during a send is
    sent again.
    """

    supplier_id = models.BigIntegerField(unique=True)
    version = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = "mise à jour d'index en attente"
        verbose_name_plural = "mises à jour d'index en attente"

    def __str__(self):
        return f"fournisseur {self.supplier_id}"


class IndexChange(models.Model):
    """The log of changes (its id is the global sequence): a rebuild replays what changed
    after it started into the new index; rows older than the last rebuild are pruned."""

    supplier_id = models.BigIntegerField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "modification indexée"

    def __str__(self):
        return f"modification {self.pk} du fournisseur {self.supplier_id}"


class IndexedSupplier(models.Model):
    """The embedded engine's index: one row per searchable supplier.

    Written in the same transaction as the change. Full text lives beside it: an FTS5
    table kept in step by triggers on SQLite, a generated ``tsvector`` column with a GIN
    index on PostgreSQL (see the migration).
    """

    id = models.BigIntegerField(primary_key=True)
    name_sort = models.CharField(max_length=200)
    kind = models.CharField(max_length=20)
    department = models.CharField(max_length=3)
    region = models.CharField(max_length=3)
    certified = models.BooleanField(default=False)
    lat = models.FloatField(null=True)
    lon = models.FloatField(null=True)
    t_name = models.TextField(default="")
    t_brand = models.TextField(default="")
    t_sectors = models.TextField(default="")
    t_offers = models.TextField(default="")
    t_description = models.TextField(default="")
    payload = models.JSONField()

    class Meta:
        indexes = [
            models.Index(fields=["name_sort", "id"], name="search_idx_name"),
            models.Index(fields=["lat", "lon"], name="search_idx_location"),
            models.Index(fields=["kind"], name="search_idx_kind"),
            models.Index(fields=["department"], name="search_idx_department"),
            models.Index(fields=["region"], name="search_idx_region"),
        ]

    def __str__(self):
        return self.name_sort


class IndexedValue(models.Model):
    """Multi-valued fields of the embedded index (a supplier's sectors and services, over
    all its activities): facets as GROUP BY."""

    supplier = models.ForeignKey(IndexedSupplier, on_delete=models.CASCADE, db_index=False)
    field = models.CharField(max_length=24)
    value = models.CharField(max_length=64)

    class Meta:
        indexes = [
            models.Index(fields=["field", "value", "supplier"], name="search_idx_value"),
            models.Index(fields=["supplier", "field"], name="search_idx_value_supplier"),
        ]

    def __str__(self):
        return f"{self.field}={self.value}"


class IndexedActivity(models.Model):
    """One activity of an indexed supplier: its perimeter, and the supplier's location
    copied (a radius is measured from it), so "serves" reads one table. The sector,
    service and "serves" filters are one sub-select on this table: one activity meets them all."""

    supplier = models.ForeignKey(IndexedSupplier, on_delete=models.CASCADE, db_index=False)
    perimeter_kind = models.CharField(max_length=12)
    perimeter_radius_km = models.IntegerField(default=0)
    lat = models.FloatField(null=True)
    lon = models.FloatField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["supplier"], name="search_idx_activity_supplier"),
            models.Index(fields=["perimeter_kind", "lat", "lon"], name="search_idx_activity_place"),
        ]

    def __str__(self):
        return f"activité {self.pk} du fournisseur {self.supplier_id}"


class IndexedActivityValue(models.Model):
    """Multi-valued fields of an activity: sector, service, and the perimeter's listed
    commune, department or region. ``supplier_id`` is repeated so a supplier's rows are
    deleted without a join."""

    activity = models.ForeignKey(IndexedActivity, on_delete=models.CASCADE, db_index=False)
    supplier_id = models.BigIntegerField()
    field = models.CharField(max_length=24)
    value = models.CharField(max_length=64)

    class Meta:
        indexes = [
            models.Index(fields=["field", "value", "activity"], name="search_idx_activity_value"),
            models.Index(fields=["supplier_id"], name="search_idx_activity_value_sup"),
        ]

    def __str__(self):
        return f"{self.field}={self.value}"


class VocabularyWord(models.Model):
    """Every word of the embedded index, to expand a query word to its one-typo neighbours."""

    word = models.CharField(max_length=64, primary_key=True)

    def __str__(self):
        return self.word


class VocabularyKey(models.Model):
    """Symmetric-delete keys: a word and each of its one-letter deletions. Two words within
    one edit (insertion, deletion, substitution, swap) share a key, so a query word finds its
    neighbours with one indexed lookup; within_one_edit then confirms each candidate."""

    key = models.CharField(max_length=64)
    word = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["key"], name="search_idx_vocab_key")]
        constraints = [models.UniqueConstraint(fields=["key", "word"], name="search_vocab_key_word")]

    def __str__(self):
        return f"{self.key} → {self.word}"
