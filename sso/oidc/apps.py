from django.apps import AppConfig


class OidcConfig(AppConfig):
    name = "sso.oidc"
    label = "oidc"
    verbose_name = "Fournisseur OpenID Connect"
