from django.apps import AppConfig


class ListsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "marche.lists"
    verbose_name = "Listes de fournisseurs"
