from django.db import models


class SectorGroup(models.Model):
    name = models.CharField("nom", max_length=150, unique=True)
    slug = models.SlugField("identifiant d'URL", max_length=150, unique=True)
    description = models.TextField("description", blank=True)
    icon = models.CharField("icône DSFR", max_length=80, blank=True, help_text="par exemple fr-icon-building-line")
    position = models.PositiveIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "groupe de secteurs"
        verbose_name_plural = "groupes de secteurs"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Sector(models.Model):
    """A sector of activity of the Marché's taxonomy; suppliers and search use its slug."""

    group = models.ForeignKey(SectorGroup, on_delete=models.PROTECT, related_name="sectors", verbose_name="groupe")
    label = models.CharField("libellé", max_length=150)
    slug = models.SlugField("identifiant d'URL", max_length=150, unique=True)
    description = models.TextField("description", blank=True)
    icon = models.CharField("icône DSFR", max_length=80, blank=True)

    class Meta:
        verbose_name = "secteur"
        ordering = ["group__position", "label"]

    def __str__(self):
        return self.label
