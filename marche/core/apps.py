from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "marche.core"
    label = "marche_core"
    verbose_name = "Le Marché"
