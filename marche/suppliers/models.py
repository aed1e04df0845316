from django.db import models
from wagtail.fields import RichTextField

from marche.geography.models import Commune, Department, Region
from marche.sectors.models import Sector
from marche.sectors.taxonomy import service_kinds, structure_kinds

from .perimeter import Perimeter, PerimeterKind

__all__ = ["PerimeterKind", "Supplier", "Activity", "Offer", "ClientReference", "DirectorySync"]


class SupplierQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def visible(self):
        """What buyers may see: active and not hidden by a moderator."""
        return self.filter(is_active=True, hidden_at__isnull=True)

    def certified(self):
        return self.filter(certified=True)


class Supplier(models.Model):
    """A SIAE's profile on the Marché, keyed by SIRET.

    SIRET, kind and convention come from the reference data (directory or import); the
    rest is edited by the members of the SIAE's organisation. ``certified`` is computed
    by :func:`marche.suppliers.services.refresh_certification`, never typed in.
    """

    siret = models.CharField("SIRET", max_length=14, unique=True)
    organization_id = models.UUIDField("identifiant public de l'organisation", null=True, blank=True, db_index=True)
    slug = models.SlugField("adresse de la page", max_length=120, unique=True)
    name = models.CharField("raison sociale", max_length=255)
    brand = models.CharField("enseigne", max_length=255, blank=True)
    kind = models.CharField("type de structure", max_length=10, choices=structure_kinds())
    address = models.CharField("adresse", max_length=255, blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, verbose_name="commune")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    description = RichTextField("description", blank=True, features=["bold", "italic", "ul", "ol", "link"])
    logo = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="logo"
    )
    contact_name = models.CharField("nom du contact", max_length=255, blank=True)
    contact_email = models.EmailField("e-mail de contact", blank=True)
    contact_phone = models.CharField("téléphone", max_length=30, blank=True)
    website = models.URLField("site internet", blank=True)
    convention_end_date = models.DateField("fin de conventionnement", null=True, blank=True)
    is_active = models.BooleanField("active", default=True)
    certified = models.BooleanField("certifié", default=False, db_index=True)
    certified_checked_at = models.DateTimeField("certification vérifiée le", null=True, blank=True)
    hidden_at = models.DateTimeField("masqué le", null=True, blank=True)
    hidden_reason = models.TextField("motif du masquage", blank=True)
    # Optimistic locking of members' edits: bumped by each save of the edit form, which
    # refuses a save based on an older version (see services.save_member_edit).
    version = models.PositiveIntegerField("version", default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SupplierQuerySet.as_manager()

    class Meta:
        verbose_name = "fournisseur"
        verbose_name_plural = "fournisseurs"
        ordering = ["name"]
        permissions = [("moderate_supplier", "Masquer ou réafficher un fournisseur dans la recherche")]
        indexes = [
            # Needs matching: a radius activity is narrowed by a latitude band on its supplier.
            models.Index(fields=["latitude", "longitude"], name="supplier_location_idx"),
        ]

    def __str__(self):
        return self.brand or self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("suppliers:profile", args=[self.slug])

    @property
    def display_name(self) -> str:
        return self.brand or self.name

    def sector_labels(self) -> list[str]:
        """The labels of the sectors the supplier works in, over all its activities, each
        once, alphabetically (what lists and exports show). Uses the prefetched
        ``activities__sectors`` when there."""
        labels = {sector.label for activity in self.activities.all() for sector in activity.sectors.all()}
        return sorted(labels)

    def service_kind_labels(self) -> list[str]:
        """The kinds of service the supplier offers, over all its activities, in the taxonomy's order."""
        codes = {code for activity in self.activities.all() for code in activity.service_kinds}
        return [label for code, label in service_kinds() if code in codes]


class Activity(models.Model):
    """What a supplier does where: sectors, kinds of service and an intervention perimeter
    of its own (see perimeter.py; a radius is measured from the supplier's address)."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="activities")
    sectors = models.ManyToManyField(Sector, related_name="activities", verbose_name="secteurs d'activité")
    service_kinds = models.JSONField("types de prestation", default=list, blank=True, help_text="DISP, PREST, BUILD")
    perimeter_kind = models.CharField(
        "périmètre d'intervention", max_length=12, choices=PerimeterKind.choices, default=PerimeterKind.RADIUS
    )
    perimeter_radius_km = models.PositiveIntegerField("rayon (km)", null=True, blank=True)
    perimeter_communes = models.ManyToManyField(Commune, blank=True, related_name="+", verbose_name="communes")
    perimeter_departments = models.ManyToManyField(
        Department, blank=True, related_name="+", verbose_name="départements"
    )
    perimeter_regions = models.ManyToManyField(Region, blank=True, related_name="+", verbose_name="régions")

    class Meta:
        verbose_name = "activité"
        ordering = ["pk"]
        indexes = [
            # perimeter.serving(): national and radius activities are read by their kind.
            models.Index(fields=["perimeter_kind", "perimeter_radius_km"], name="activity_perimeter_idx"),
        ]

    def __str__(self):
        return ", ".join(s.label for s in self.sectors.all()) or f"activité {self.pk}"

    @property
    def perimeter(self) -> Perimeter:
        return Perimeter.of(self)

    def service_kind_labels(self) -> list[str]:
        return [label for code, label in service_kinds() if code in self.service_kinds]

    def perimeter_description(self) -> str:
        """The perimeter as the profile page says it (French)."""
        names = {c.insee: c.name for c in self.perimeter_communes.all()}
        names |= {d.code: str(d) for d in self.perimeter_departments.all()}
        names |= {r.code: str(r) for r in self.perimeter_regions.all()}
        supplier = self.supplier
        return self.perimeter.describe(supplier.commune.name if supplier.commune_id else "", names)


class Offer(models.Model):
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="offers")
    title = models.CharField("intitulé", max_length=255)
    description = models.TextField("description", blank=True)

    class Meta:
        verbose_name = "prestation"
        ordering = ["pk"]

    def __str__(self):
        return self.title


class ClientReference(models.Model):
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="client_references")
    client_name = models.CharField("client", max_length=255)
    description = models.TextField("ce qui a été réalisé", blank=True)

    class Meta:
        verbose_name = "référence client"
        ordering = ["pk"]

    def __str__(self):
        return self.client_name


class DirectorySync(models.Model):
    """Where the last ``sync_suppliers`` run stopped, for incremental syncs."""

    last_change_seen = models.DateTimeField("dernière modification reçue", null=True, blank=True)
    finished_at = models.DateTimeField("dernière synchronisation", null=True, blank=True)

    class Meta:
        verbose_name = "synchronisation de l'annuaire"

    def __str__(self):
        return f"Synchronisation ({self.finished_at})"
