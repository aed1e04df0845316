from django.apps import AppConfig


class SuppliersConfig(AppConfig):
    name = "marche.suppliers"
    label = "suppliers"
    verbose_name = "Fournisseurs inclusifs"
