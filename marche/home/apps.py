from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "marche.home"
    label = "home"
    verbose_name = "Pages"
