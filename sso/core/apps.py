from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sso.core"
    label = "sso_core"
    verbose_name = "Compte inclusion"
