from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sso.accounts"
    label = "accounts"
    verbose_name = "Comptes"
