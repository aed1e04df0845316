from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "marche.users"
    label = "users"
    verbose_name = "Utilisateurs"
