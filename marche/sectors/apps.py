from django.apps import AppConfig


class SectorsConfig(AppConfig):
    name = "marche.sectors"
    label = "sectors"
    verbose_name = "Secteurs d'activité"
