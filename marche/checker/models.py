import uuid

from django.db import models


class ReferenceStructure(models.Model):
    """The Marché's copy of the ASP's list of conventioned SIAE, to tell a buyer that a
    SIRET is an inclusive structure even before it has a profile on the Marché.

    Why a copy: the Marché never reads the provider's tables, and the directory API lists
    only the structures someone has claimed. ``import_reference_structures`` loads the
    same ASP export the provider imports.
    """

    siret = models.CharField("SIRET", max_length=14, unique=True)
    siren = models.CharField("SIREN", max_length=9, db_index=True)
    kind = models.CharField("type", max_length=20)
    name = models.CharField("nom", max_length=255)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    city = models.CharField("commune", max_length=255, blank=True)
    imported_at = models.DateTimeField("dernier import", auto_now=True)

    class Meta:
        verbose_name = "structure de la liste de référence"
        verbose_name_plural = "structures de la liste de référence"
        ordering = ["siret"]

    def __str__(self):
        return f"{self.name} ({self.siret})"


class Check(models.Model):
    """One "vérifier vos fournisseurs" run: the lines given and what was found, kept a
    short while (``CHECKER_RESULT_DAYS``) so the result page and its download work.

    Reached by an unguessable UUID: the page is public and a check belongs to nobody.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source = models.CharField("source", max_length=255)
    header = models.JSONField("en-tête", default=list)
    rows = models.JSONField("lignes et résultats", default=list)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "vérification"

    def __str__(self):
        return f"{self.source} ({self.created_at:%d/%m/%Y %H:%M})"
