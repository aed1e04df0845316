"""Every change of what the index holds about a supplier is recorded for indexing."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from marche.suppliers.models import ClientReference, Offer, Supplier

from .indexing import record_change


@receiver(post_save, sender=Supplier)
@receiver(post_delete, sender=Supplier)
def supplier_changed(sender, instance, **kwargs):
    record_change(instance.pk)


@receiver(post_save, sender=Offer)
@receiver(post_delete, sender=Offer)
@receiver(post_save, sender=ClientReference)
@receiver(post_delete, sender=ClientReference)
def related_changed(sender, instance, **kwargs):
    record_change(instance.supplier_id)


def _m2m_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Supplier):
        record_change(instance.pk)


for through in (Supplier.sectors.through, Supplier.perimeter_departments.through, Supplier.perimeter_regions.through):
    m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"search-{through.__name__}")
