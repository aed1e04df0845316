import pytest
from django.core.management import call_command

from marche.geography.models import Commune, Department, Region

pytestmark = pytest.mark.django_db


def test_load_geography_ships_every_commune_and_is_idempotent():
    call_command("load_geography", verbosity=0)
    call_command("load_geography", verbosity=0)

    assert Region.objects.count() == 18 + 8  # 18 regions, plus overseas collectivities listed as regions
    assert Department.objects.get(code="69").region_id == "84"
    lyon3 = Commune.objects.get(insee="69383")
    assert "69003" in lyon3.postal_codes and lyon3.latitude is not None
    assert Commune.objects.count() == 35014
    assert Commune.objects.filter(latitude__isnull=True).count() == 111
