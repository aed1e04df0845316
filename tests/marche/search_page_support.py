"""A few communes and suppliers for the search page's tests (the real engine: the database)."""

from marche.geography.models import Commune, Department, Region
from marche.suppliers.models import Activity, Supplier
from search import index

COMMUNES = [
    # insee, name, department, region, population, lat, lon
    ("69123", "Lyon", "69", "84", 519127, 45.74846, 4.84671),
    ("69381", "Lyon 1er Arrondissement", "69", "84", 28717, 45.74846, 4.84671),
    ("69266", "Villeurbanne", "69", "84", 150000, 45.7719, 4.8902),
    ("93066", "Saint-Denis", "93", "11", 113000, 48.9362, 2.3574),
    ("11339", "Saint-Denis", "11", "76", 523, 43.36076, 2.16716),
    ("97411", "Saint-Denis", "974", "04", 153000, -20.8789, 55.4481),
    ("97415", "Saint-Paul", "974", "04", 105000, -21.0096, 55.2707),
    ("2A004", "Ajaccio", "2A", "94", 71000, 41.9192, 8.7386),
]


def geography():
    for code in {c[3] for c in COMMUNES}:
        Region.objects.get_or_create(code=code, defaults={"name": f"Région {code}"})
    for insee, name, dept, region, population, lat, lon in COMMUNES:
        Department.objects.get_or_create(code=dept, defaults={"name": f"Département {dept}", "region_id": region})
        Commune.objects.create(
            insee=insee, name=name, postal_codes="", department_id=dept, population=population,
            latitude=lat, longitude=lon,
        )  # fmt: skip


def supplier(siret: str, name: str, insee: str, **extra) -> Supplier:
    commune = Commune.objects.get(insee=insee)
    created = Supplier.objects.create(
        siret=siret, slug=f"s-{siret}", name=name, kind="EI", commune=commune, latitude=commune.latitude,
        longitude=commune.longitude, **extra,
    )  # fmt: skip
    Activity.objects.create(supplier=created, perimeter_kind="radius", perimeter_radius_km=30)
    index.changed([created.pk])
    return created
