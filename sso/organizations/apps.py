from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "sso.organizations"
    label = "organizations"
    verbose_name = "Organisations"
