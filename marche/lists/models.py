"""Buyers' lists of suppliers ("mes listes") and each person's export column choice.

A list belongs to one person (its owner) and may be shared with the colleagues of one of
the owner's buyer organisations, identified by the organisation's public ID from Compte
inclusion, to read or to read and edit. Who may do what is decided in ``selectors``.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from marche.suppliers.models import Supplier

NAME_MAX_LENGTH = 100
NOTE_MAX_LENGTH = 2000


class Sharing(models.TextChoices):
    PRIVATE = "private", "Non partagée"
    READ = "read", "Partagée en lecture"
    EDIT = "edit", "Partagée en lecture et modification"


class SupplierList(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supplier_lists", verbose_name="propriétaire"
    )
    name = models.CharField("nom", max_length=NAME_MAX_LENGTH)
    sharing = models.CharField("partage", max_length=10, choices=Sharing.choices, default=Sharing.PRIVATE)
    # The buyer organisation (public ID in Compte inclusion) whose members the list is
    # shared with; empty when private. Its name is kept to say with whom it is shared.
    shared_with = models.UUIDField("partagée avec l'organisation", null=True, blank=True, db_index=True)
    shared_with_name = models.CharField("nom de l'organisation", max_length=255, blank=True)
    suppliers = models.ManyToManyField(Supplier, through="ListEntry", related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "liste de fournisseurs"
        verbose_name_plural = "listes de fournisseurs"
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "owner", name="supplier_list_name_unique_per_owner"),
            models.CheckConstraint(
                condition=models.Q(sharing="private") | models.Q(shared_with__isnull=False),
                name="supplier_list_shared_with_an_organisation",
            ),
        ]

    def __str__(self):
        return self.name


class ListEntry(models.Model):
    supplier_list = models.ForeignKey(SupplierList, on_delete=models.CASCADE, related_name="entries")
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="+")
    # Private: read by the people who see the list, never by the supplier or the public.
    note = models.TextField("note", max_length=NOTE_MAX_LENGTH, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "fournisseur d'une liste"
        verbose_name_plural = "fournisseurs d'une liste"
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["supplier_list", "supplier"], name="list_entry_unique_supplier"),
        ]

    def __str__(self):
        return f"{self.supplier} dans {self.supplier_list}"


class ExportPreference(models.Model):
    """The columns a person last chose for an export (lists and search results alike)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    columns = models.JSONField("colonnes", default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "colonnes d'export choisies"

    def __str__(self):
        return f"Colonnes d'export de {self.user}"
