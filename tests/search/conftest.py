import pytest
from django.utils import timezone

from marche.geography.models import Commune, Department, Region
from marche.sectors.models import Sector
from marche.suppliers.models import Activity, Offer, Supplier
from search import index
from search.engines import breaker


@pytest.fixture(autouse=True)
def closed_breaker():
    """The circuit breaker is per process: every test starts with it closed."""
    breaker.reset()
    yield
    breaker.reset()


COMMUNES = [
    # insee, name, department, region, lat, lon
    ("69383", "Lyon 3e Arrondissement", "69", "84", 45.7597, 4.8422),
    ("69266", "Villeurbanne", "69", "84", 45.7719, 4.8902),
    ("42218", "Saint-Étienne", "42", "84", 45.4347, 4.3903),
    ("01053", "Bourg-en-Bresse", "01", "84", 46.2052, 5.2255),
    ("13055", "Marseille", "13", "93", 43.2965, 5.3698),
    ("59350", "Lille", "59", "32", 50.6292, 3.0573),
    ("97601", "Acoua", "976", "06", None, None),
]


@pytest.fixture
def geography(db):
    for code, name in [
        ("84", "Auvergne-Rhône-Alpes"),
        ("93", "Provence-Alpes-Côte d'Azur"),
        ("32", "Hauts-de-France"),
        ("06", "Mayotte"),
    ]:
        Region.objects.create(code=code, name=name)
    for insee, name, dept, region, lat, lon in COMMUNES:
        Department.objects.get_or_create(code=dept, defaults={"name": f"Département {dept}", "region_id": region})
        Commune.objects.create(insee=insee, name=name, postal_codes="", department_id=dept, latitude=lat, longitude=lon)


def add_activity(supplier, *, sectors=(), services=(), perimeter=("radius", 30)):
    """One activity: sector slugs, kinds of service, (perimeter kind, radius or codes)."""
    kind, value = perimeter
    activity = Activity.objects.create(
        supplier=supplier,
        service_kinds=list(services),
        perimeter_kind=kind,
        perimeter_radius_km=value if kind == "radius" else None,
    )
    activity.sectors.set(Sector.objects.filter(slug__in=sectors))
    if kind in ("communes", "departments", "regions"):
        getattr(activity, f"perimeter_{kind}").set(value)
    return activity


def make_supplier(
    siret,
    name,
    insee,
    *,
    brand="",
    kind="EI",
    sectors=(),
    services=(),
    certified=False,
    perimeter=("radius", 30),
    activities=None,
    description="",
    offers=(),
    **extra,
):
    """A supplier with one activity (``sectors``, ``services``, ``perimeter``), or with
    ``activities``: a list of dicts of add_activity's arguments."""
    commune = Commune.objects.get(insee=insee)
    supplier = Supplier.objects.create(
        siret=siret, slug=siret, name=name, brand=brand, kind=kind, commune=commune,
        latitude=commune.latitude, longitude=commune.longitude, certified=certified,
        description=description, **extra,
    )  # fmt: skip
    for activity in (
        activities if activities is not None else [dict(sectors=sectors, services=services, perimeter=perimeter)]
    ):
        add_activity(supplier, **activity)
    for title in offers:
        Offer.objects.create(supplier=supplier, title=title)
    index.changed([supplier.pk])  # what the Marché's write services do at their end
    return supplier


@pytest.fixture
def catalogue(geography):
    """Six suppliers whose answers the contract tests know by heart."""
    return {
        "elan": make_supplier(
            "1",
            "Menuiserie de l'Élan",
            "69383",
            sectors=["menuiserie"],
            services=["BUILD"],
            certified=True,
            perimeter=("radius", 30),
        ),
        "atelier": make_supplier(
            "2",
            "Atelier Bois Solidaire",
            "69266",
            brand="L'Atelier",
            kind="ACI",
            sectors=["travail-du-bois"],
            services=["PREST", "BUILD"],
            perimeter=("departments", ["69", "01"]),
            offers=["Fabrication de mobilier urbain"],
        ),
        "provence": make_supplier(
            "3",
            "Nettoyage Provence",
            "13055",
            sectors=["nettoyage-de-locaux"],
            services=["PREST"],
            certified=True,
            perimeter=("regions", ["93"]),
        ),
        "national": make_supplier(
            "4",
            "Intérim National",
            "59350",
            kind="ETTI",
            services=["DISP"],
            perimeter=("national", None),
            description="<p>Nous plaçons aussi des ouvriers en menuiserie.</p>",
        ),
        "closed": make_supplier(
            "5", "Menuiserie Fermée", "69383", sectors=["menuiserie"], is_active=False, perimeter=("national", None)
        ),
        "hidden": make_supplier(
            "6",
            "Menuiserie Masquée",
            "69383",
            sectors=["menuiserie"],
            hidden_at=timezone.now(),
            perimeter=("national", None),
        ),
    }
