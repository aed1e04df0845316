from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "marche.geography"
    label = "geography"
    verbose_name = "Géographie"
