"""SIRET and SIREN checks, with python-stdnum."""

from django.core.exceptions import ValidationError
from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siret as stdnum_siret

ANTENNA_NIC_PREFIX = "999"


def clean_siret(value: str) -> str:
    """The SIRET without spaces. Rule: 14 digits with a valid checksum, else a French error."""
    compact = stdnum_siret.compact(value or "")
    try:
        return stdnum_siret.validate(compact)
    except StdnumError as exc:
        if not compact.isdigit() or len(compact) != 14:
            raise ValidationError("Un SIRET compte 14 chiffres : vérifiez votre saisie.") from exc
        raise ValidationError("Ce SIRET n'existe pas : un chiffre est probablement erroné.") from exc


def siren_of(siret: str) -> str:
    return siret[:9]


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
