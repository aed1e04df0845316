"""The migration that adds memberships' version puts the names already stored on one line."""

import importlib

import pytest
from django.apps import apps

from sso.organizations.models import Organization

from .factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_stored_names_with_line_breaks_are_put_on_one_line_by_the_migration():
    broken = OrganizationFactory(name="Les Jardins\r\nde Lyon", city="Lyon\t3e")
    clean = OrganizationFactory(name="Atelier d'Exemple")
    migration = importlib.import_module("sso.organizations.migrations.0004_membership_version")

    migration.names_on_one_line(apps, None)

    assert Organization.objects.get(pk=broken.pk).name == "Les Jardins de Lyon"
    assert Organization.objects.get(pk=broken.pk).city == "Lyon 3e"
    assert Organization.objects.get(pk=clean.pk).name == "Atelier d'Exemple"
