"""SIRET and SIREN checks with python-stdnum: one home for both services.

The provider checks the SIRET of an organisation; the Marché checks the SIRETs and SIRENs
a buyer pastes into "vérifier vos fournisseurs". Both give the same French reasons.
"""

from django.core.exceptions import ValidationError
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret
from stdnum.util import clean


def compact(value: str) -> str:
    """The number without spaces, dots or dashes (how people paste it)."""
    return clean(value or "", " .-").strip()


def clean_siret(value: str) -> str:
    """The SIRET without spaces. Rule: 14 digits with a valid checksum, else a French error."""
    number = compact(value)
    try:
        return stdnum_siret.validate(number)
    except StdnumError as exc:
        if not number.isdigit() or len(number) != 14:
            raise ValidationError("Un SIRET compte 14 chiffres : vérifiez votre saisie.") from exc
        raise ValidationError("Ce SIRET n'existe pas : un chiffre est probablement erroné.") from exc


def clean_siren(value: str) -> str:
    """The SIREN without spaces. Rule: 9 digits with a valid checksum, else a French error."""
    number = compact(value)
    try:
        return stdnum_siren.validate(number)
    except StdnumError as exc:
        if not number.isdigit() or len(number) != 9:
            raise ValidationError("Un SIREN compte 9 chiffres : vérifiez votre saisie.") from exc
        raise ValidationError("Ce SIREN n'existe pas : un chiffre est probablement erroné.") from exc


def siren_of(siret: str) -> str:
    return siret[:9]
