"""Demo suppliers for `make run`: some certified, some not, across France."""

import io
import uuid
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from marche.sectors.models import Sector
from marche.suppliers import services
from marche.suppliers.models import Offer, PerimeterKind, Supplier

LONG_DESCRIPTION = (
    "Notre atelier chantier d'insertion accompagne chaque année une quarantaine de salariés en parcours vers un emploi "
    "durable. Nous fabriquons du mobilier sur mesure en bois local et de réemploi pour les collectivités, les "
    "entreprises et les bailleurs sociaux : bancs, tables, jardinières, aménagements de bureaux et de tiers-lieux. "
    "Chaque projet est suivi par un encadrant technique qui forme les salariés aux métiers de la menuiserie, de la "
    "découpe à la finition, et par une conseillère en insertion qui les aide à lever les freins à l'emploi : mobilité, "
    "logement, santé, formation. Nous intervenons aussi pour la dépose et la remise en état de mobilier existant afin "
    "de limiter les déchets. Nos clients apprécient notre réactivité, la qualité de nos finitions et la possibilité "
    "d'intégrer facilement des heures d'insertion dans leurs marchés publics grâce à la clause sociale."
)

# A second activity for a demo supplier, to show that each activity has its own perimeter:
# sector slugs, services, (perimeter kind, value).
EXTRA_ACTIVITIES = {
    "90000002700012": [(["amenagement-interieur"], ["PREST"], ("communes", ["33063", "33318", "33281"]))],
}

SUPPLIERS = [
    # siret, name, brand, kind, commune INSEE, sector slugs, services, perimeter, certified
    (
        "90000002700012",
        "Atelier Bois & Compagnie",
        "Bois & Cie",
        "ACI",
        "33063",
        ["travail-du-bois", "menuiserie"],
        ["BUILD", "PREST"],
        ("radius", 80),
        True,
    ),
    (
        "90000001900019",
        "Les Jardins Solidaires",
        "",
        "EI",
        "69383",
        ["horticulture", "maraichage-legumerie-conserverie"],
        ["PREST"],
        ("departments", ["69", "01"]),
        False,
    ),
    (
        "90000006800016",
        "Nettoyage Inclusif Lillois",
        "Net'Lille",
        "EI",
        "59350",
        ["nettoyage-de-locaux"],
        ["PREST"],
        ("regions", ["32"]),
        True,
    ),
    (
        "90000007600019",
        "Intérim Solidaire du Rhône",
        "",
        "ETTI",
        "69123",
        ["manutention"],
        ["DISP"],
        ("national", None),
        False,
    ),
    (
        # Unclaimed on Compte inclusion: the claim (link to the ASP contact) can be tried locally.
        "90000005000014",
        "Coopérative Démo (sans membre)",
        "",
        "EITI",
        "59350",
        ["nettoyage-de-locaux"],
        ["PREST"],
        ("radius", 40),
        False,
    ),
    (
        "90000008400013",
        "Recyclerie de l'Élan",
        "L'Élan",
        "ACI",
        "13055",
        ["collecte-dencombrants"],
        ["PREST", "BUILD"],
        ("radius", 30),
        True,
    ),
]


def _logo(text: str, colour: tuple[int, int, int]) -> SimpleUploadedFile:
    image = Image.new("RGB", (320, 320), colour)
    ImageDraw.Draw(image).text((40, 140), text, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(f"logo-{text.lower()}.png", buffer.getvalue(), content_type="image/png")


# The demo SIAE that Compte inclusion's demo also creates: their profiles are linked to
# the organisation's public ID (who may edit goes by that ID, never by SIRET).
SIAE_IN_COMPTE_INCLUSION_DEMO = {"90000001900019", "90000002700012", "90000005000014"}


def demo_public_id(siret: str, kind: str) -> uuid.UUID:
    """The public ID Compte inclusion's demo gives this organisation (same formula as
    ``sso.core.management.commands.load_demo.demo_public_id``: the two services share no code
    but must agree, as the directory would make them)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://demo.inclusion.example/organisations/{kind}/{siret}")


def _activity(sector_slugs, services_offered, kind, value) -> services.ActivityData:
    lists = {
        PerimeterKind.COMMUNES: "communes",
        PerimeterKind.DEPARTMENTS: "departments",
        PerimeterKind.REGIONS: "regions",
    }
    return services.ActivityData(
        sectors=tuple(Sector.objects.filter(slug__in=sector_slugs).values_list("pk", flat=True)),
        service_kinds=tuple(services_offered),
        perimeter_kind=kind,
        radius_km=value if kind == PerimeterKind.RADIUS else None,
        **({lists[kind]: tuple(value)} if kind in lists else {}),
    )


def load_demo_suppliers() -> list[Supplier]:
    """Idempotent: profiles are upserted by SIRET; a demo logo is added only once."""
    suppliers = []
    for siret, name, brand, kind, insee, sectors, services_offered, perimeter, certified in SUPPLIERS:
        supplier, _ = services.upsert_reference(
            siret=siret,
            name=name,
            kind=kind,
            convention_end_date=date(timezone.localdate().year + 1, 12, 31),
            commune_insee=insee,
            address="1 place de la République",
            organization_id=demo_public_id(siret, kind) if siret in SIAE_IN_COMPTE_INCLUSION_DEMO else None,
        )
        supplier.brand = brand
        supplier.contact_email = f"contact-{siret[-4:]}@demo.inclusion.example"
        supplier.contact_phone = "01 23 45 67 89"
        supplier.description = f"<p>{LONG_DESCRIPTION}</p>" if certified else "<p>Structure d'insertion.</p>"
        services.save_profile(supplier)
        if not supplier.activities.exists():  # what was edited locally stays
            kind, value = perimeter
            extra = [_activity(slugs, offered, *where) for slugs, offered, where in EXTRA_ACTIVITIES.get(siret, [])]
            activities = [_activity(sectors, services_offered, kind, value), *extra]
            services.set_activities(supplier, activities)
        if not supplier.offers.exists():
            Offer.objects.create(
                supplier=supplier, title="Prestation sur devis", description="Contactez-nous pour un devis."
            )
        if certified and supplier.logo is None:
            services.set_logo(supplier, _logo(name.split()[0], (0, 0, 145)))
        suppliers.append(supplier)
    return suppliers
