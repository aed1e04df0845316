"""Reads of the partner lookup API: suppliers by SIRET or SIREN, as partners see them."""

from django.db.models import QuerySet
from stdnum.exceptions import ValidationError
from stdnum.fr import siren as siren_number
from stdnum.fr import siret as siret_number

from marche.suppliers.models import Supplier


class InvalidNumber(Exception):
    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter, self.message = parameter, message


def _valid(number_module, value: str, parameter: str, label: str, length: int) -> str:
    compact = number_module.compact(value or "") if value and value.isprintable() else value or ""
    if not compact:
        raise InvalidNumber(parameter, f"{label} manquant : {length} chiffres.")
    if not compact.isdigit() or len(compact) != length:
        raise InvalidNumber(parameter, f"{label} invalide : il faut {length} chiffres (espaces acceptés).")
    try:
        return number_module.validate(compact)
    except ValidationError:
        raise InvalidNumber(
            parameter, f"{label} invalide : la clé de contrôle ne correspond pas, vérifiez le numéro."
        ) from None


def valid_siret(value: str) -> str:
    return _valid(siret_number, value, "siret", "SIRET", 14)


def valid_siren(value: str) -> str:
    return _valid(siren_number, value, "siren", "SIREN", 9)


def _visible() -> QuerySet[Supplier]:
    return (
        Supplier.objects.visible()
        .select_related("commune__department", "logo")
        .prefetch_related("activities__sectors")
        .order_by("siret")
    )


def supplier_by_siret(siret: str) -> Supplier | None:
    """The visible supplier with this (valid) SIRET, or None: hidden and closed ones are not found."""
    return _visible().filter(siret=siret).first()


def suppliers_by_siren(siren: str) -> list[Supplier]:
    """Every visible establishment of this (valid) SIREN."""
    return list(_visible().filter(siret__startswith=siren))
