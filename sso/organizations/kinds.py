"""Kinds of organisation and the family each belongs to (employer, prescriber, buyer, partner)."""

from django.db import models


class Family(models.TextChoices):
    EMPLOYER = "employer", "Employeur inclusif"
    PRESCRIBER = "prescriber", "Prescripteur"
    BUYER = "buyer", "Acheteur"
    PARTNER = "partner", "Partenaire"


class Kind(models.TextChoices):
    # Employers: SIAE and the handicap sector, as in the reference lists of the Marché.
    EI = "EI", "Entreprise d'insertion"
    AI = "AI", "Association intermédiaire"
    ACI = "ACI", "Atelier chantier d'insertion"
    ETTI = "ETTI", "Entreprise de travail temporaire d'insertion"
    EITI = "EITI", "Entreprise d'insertion par le travail indépendant"
    GEIQ = "GEIQ", "Groupement d'employeurs pour l'insertion et la qualification"
    SEP = "SEP", "Produits et services réalisés en prison"
    EA = "EA", "Entreprise adaptée"
    EATT = "EATT", "Entreprise adaptée de travail temporaire"
    ESAT = "ESAT", "Établissement et service d'aide par le travail"
    # Prescribers.
    FT = "FT", "France Travail"
    CAP_EMPLOI = "CAP_EMPLOI", "Cap emploi"
    ML = "ML", "Mission locale"
    DEPT = "DEPT", "Conseil départemental"
    SPIP = "SPIP", "Service pénitentiaire d'insertion et de probation"
    PLIE = "PLIE", "Plan local pour l'insertion et l'emploi"
    CCAS = "CCAS", "Centre communal d'action sociale"
    CHRS = "CHRS", "Centre d'hébergement et de réinsertion sociale"
    OTHER_PRESCRIBER = "OTHER_PRESCRIBER", "Autre prescripteur ou orienteur"
    # Others.
    BUYER = "BUYER", "Acheteur public ou privé"
    PARTNER = "PARTNER", "Partenaire"


EMPLOYER_KINDS = frozenset(
    {Kind.EI, Kind.AI, Kind.ACI, Kind.ETTI, Kind.EITI, Kind.GEIQ, Kind.SEP, Kind.EA, Kind.EATT, Kind.ESAT}
)
# Conventioned by the State through the ASP: their sign-up needs the reference list.
SIAE_KINDS = frozenset({Kind.EI, Kind.AI, Kind.ACI, Kind.ETTI, Kind.EITI})
# Not in the ASP export: sign-up goes through a request that staff approve.
REQUEST_KINDS = frozenset({Kind.GEIQ, Kind.EA, Kind.EATT})
PRESCRIBER_KINDS = frozenset(
    {Kind.FT, Kind.CAP_EMPLOI, Kind.ML, Kind.DEPT, Kind.SPIP, Kind.PLIE, Kind.CCAS, Kind.CHRS, Kind.OTHER_PRESCRIBER}
)


def family_of(kind: str) -> Family:
    if kind in EMPLOYER_KINDS:
        return Family.EMPLOYER
    if kind in PRESCRIBER_KINDS:
        return Family.PRESCRIBER
    if kind == Kind.BUYER:
        return Family.BUYER
    return Family.PARTNER
