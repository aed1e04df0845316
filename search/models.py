from django.db import models


class PendingIndexUpdate(models.Model):
    """A supplier change not yet confirmed in Elasticsearch.

    Written in the same transaction as the change, deleted once Elasticsearch has it:
    while Elasticsearch is down nothing is lost, and the worker retries from here.
    """

    supplier_id = models.BigIntegerField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = "mise à jour d'index en attente"
        verbose_name_plural = "mises à jour d'index en attente"

    def __str__(self):
        return f"fournisseur {self.supplier_id}"
