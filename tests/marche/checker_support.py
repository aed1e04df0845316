"""Suppliers and reference structures the checker tests look up."""

from marche.checker.models import ReferenceStructure

from .contact_support import valid_siret
from .factories import SupplierFactory

ON_MARCHE = valid_siret("90000001")
ON_MARCHE_SECOND = valid_siret("90000001", "0002")
REFERENCE_ONLY = valid_siret("90000002")
UNKNOWN = valid_siret("90000003")
HIDDEN = valid_siret("90000004")


def catalogue():
    certified = SupplierFactory(siret=ON_MARCHE, slug="atelier-vert", name="Atelier Vert", kind="ACI", certified=True)
    SupplierFactory(siret=ON_MARCHE_SECOND, slug="atelier-vert-2", name="Atelier Vert Nord", kind="ACI")
    from django.utils import timezone

    SupplierFactory(siret=HIDDEN, slug="masquee", name="Masquée", hidden_at=timezone.now())
    ReferenceStructure.objects.create(
        siret=REFERENCE_ONLY, siren=REFERENCE_ONLY[:9], kind="EI", name="Jardins de la référence"
    )
    return certified


def bad_checksum(siret: str) -> str:
    return siret[:-1] + str((int(siret[-1]) + 1) % 10)
