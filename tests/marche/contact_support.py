"""What the contact and checker tests share: valid SIRETs, a contactable supplier, files."""

import html

import pytest
from django.core.cache import cache
from stdnum import luhn

from .factories import SupplierFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def valid_siret(siren_body: str, nic: str = "0001") -> str:
    """A checksum-valid SIRET: 8 digits → SIREN (Luhn), then a NIC made valid too."""
    siren = siren_body + luhn.calc_check_digit(siren_body)
    base = siren + nic
    return base + luhn.calc_check_digit(base)


def contactable_supplier(**extra):
    return SupplierFactory(contact_email="contact@atelier.example", **extra)


@pytest.fixture
def fresh_limits(settings, tmp_path):
    """Rate-limit counters start at zero; private files go to a temporary folder."""
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    cache.clear()
    yield
    cache.clear()


def text(response) -> str:
    """The page as a person reads it (entities such as &#x27; decoded)."""
    return html.unescape(response.content.decode())
