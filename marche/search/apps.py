from django.apps import AppConfig


class MarcheSearchConfig(AppConfig):
    name = "marche.search"
    label = "marche_search"
    verbose_name = "Recherche des acheteurs"
