from django.apps import AppConfig


class NeedsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "marche.needs"
    verbose_name = "Besoins d'achat"

    def ready(self):
        from . import stats_admin  # noqa: F401  (registers the statistics page's Wagtail hooks)
