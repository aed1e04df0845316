"""SIRET and SIREN checks, with python-stdnum."""

from django.core.exceptions import ValidationError
from stdnum import luhn
from stdnum.fr import siret as stdnum_siret

# The checks themselves live in common/ (the Marché's checker uses them too).
from common.siret import clean_siret, siren_of

__all__ = ["antenna_siret", "clean_siret", "siren_of"]

ANTENNA_NIC_PREFIX = "999"


def antenna_siret(siret: str, taken: set[str]) -> str:
    """A SIRET for an antenna under the same SIREN when none of its own is known.

    Why by hand: antennas without their own establishment get a conventional NIC
    starting with 999 (9999x for the first, as in les emplois); the last digit is the
    Luhn check so the number stays checksum-valid. Rule: never one already taken.
    """
    siren = siren_of(siret)
    for suffix in range(9, -1, -1):
        base = f"{siren}{ANTENNA_NIC_PREFIX}{suffix}"[:13]
        candidate = base + luhn.calc_check_digit(base)
        if candidate not in taken and stdnum_siret.is_valid(candidate):
            return candidate
    raise ValidationError("Trop d'antennes existent déjà sous ce SIREN : contactez le support.")
