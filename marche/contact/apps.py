from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "marche.contact"
    label = "contact"
    verbose_name = "Messages aux fournisseurs"
