from django.apps import AppConfig


class CheckerConfig(AppConfig):
    name = "marche.checker"
    label = "checker"
    verbose_name = "Vérifier vos fournisseurs"
