from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "marche.api"
    label = "marche_api"
    verbose_name = "API des partenaires"
