"""Reads of the checker: what each number is, in a few queries for the whole list."""

from django.core.exceptions import ValidationError
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404

from common.siret import clean_siren, clean_siret, compact
from marche.suppliers.models import Supplier

from .models import Check, ReferenceStructure

ON_MARCHE = "marche"
REFERENCE = "reference"
NOT_FOUND = "not_found"
INVALID = "invalid"
EMPTY = "empty"

LABELS = {
    ON_MARCHE: "Sur le Marché",
    REFERENCE: "Structure inclusive, pas encore sur le Marché",
    NOT_FOUND: "Introuvable",
    INVALID: "Numéro invalide",
    EMPTY: "Cellule vide",
}


def _parse(value: str) -> tuple[str, str, str]:
    """(kind, number, error): kind is "siret", "siren" or "" when the number is refused."""
    number = compact(value)
    if not number:
        return "", "", ""
    try:
        if len(number) == 9:
            return "siren", clean_siren(number), ""
        return "siret", clean_siret(number), ""
    except ValidationError as exc:
        message = exc.messages[0]
        if not number.isdigit() or len(number) not in (9, 14):
            message = "Ni un SIRET (14 chiffres) ni un SIREN (9 chiffres) : vérifiez la saisie."
        return "", number, message


def _supplier_match(supplier: Supplier) -> dict:
    return {
        "siret": supplier.siret,
        "name": supplier.display_name,
        "kind": supplier.get_kind_display(),
        "certified": supplier.certified,
        "url": supplier.get_absolute_url(),
    }


def _reference_match(structure: ReferenceStructure) -> dict:
    return {
        "siret": structure.siret,
        "name": structure.name,
        "kind": structure.kind,
        "certified": None,
        "url": "",
    }


def check_values(values: list[str]) -> list[dict]:
    """For each value (a pasted line or a file's cell), what it is.

    Rules: a number with a wrong checksum is refused on its line and the others are
    checked all the same; a SIRET is on the Marché when a visible profile has it, else a
    structure of the reference list, else not found; a SIREN matches every establishment
    under it. Four queries whatever the number of lines.
    """
    parsed = [_parse(value) for value in values]
    sirets = {number for kind, number, _ in parsed if kind == "siret"}
    sirens = {number for kind, number, _ in parsed if kind == "siren"}
    suppliers_by_siret = {s.siret: s for s in Supplier.objects.visible().filter(siret__in=sirets)}
    suppliers_by_siren: dict[str, list[Supplier]] = {}
    if sirens:
        for supplier in (
            Supplier.objects.visible().annotate(siren=Substr("siret", 1, 9)).filter(siren__in=sirens).order_by("siret")
        ):
            suppliers_by_siren.setdefault(supplier.siren, []).append(supplier)
    references_by_siret = {r.siret: r for r in ReferenceStructure.objects.filter(siret__in=sirets)}
    references_by_siren: dict[str, list[ReferenceStructure]] = {}
    if sirens:
        for structure in ReferenceStructure.objects.filter(siren__in=sirens).order_by("siret"):
            references_by_siren.setdefault(structure.siren, []).append(structure)

    results = []
    for kind, number, error in parsed:
        result = {"number": number, "kind": kind, "status": NOT_FOUND, "message": "", "matches": []}
        if not number:
            result["status"] = EMPTY
        elif error:
            result.update(status=INVALID, message=error)
        elif kind == "siret" and number in suppliers_by_siret:
            result.update(status=ON_MARCHE, matches=[_supplier_match(suppliers_by_siret[number])])
        elif kind == "siren" and number in suppliers_by_siren:
            result.update(status=ON_MARCHE, matches=[_supplier_match(s) for s in suppliers_by_siren[number]])
        elif kind == "siret" and number in references_by_siret:
            result.update(status=REFERENCE, matches=[_reference_match(references_by_siret[number])])
        elif kind == "siren" and number in references_by_siren:
            result.update(status=REFERENCE, matches=[_reference_match(r) for r in references_by_siren[number]])
        results.append(result)
    return results


def get_check(pk) -> Check:
    return get_object_or_404(Check, pk=pk)


def summary(check: Check) -> dict[str, int]:
    counts = dict.fromkeys(LABELS, 0)
    for row in check.rows:
        counts[row["result"]["status"]] += 1
    return counts


ANNOTATION_HEADER = [
    "Résultat",
    "Raison sociale",
    "Type de structure",
    "Certifiée sur le Marché",
    "Fiche sur le Marché",
    "Détail",
]


def annotated_rows(check: Check, base_url: str) -> list[list]:
    """The file's rows followed by what was found (one line per given line)."""
    rows = []
    for row in check.rows:
        result = row["result"]
        matches = result["matches"]
        certified = {True: "oui", False: "non", None: ""}
        rows.append(
            [
                *row["cells"],
                LABELS[result["status"]],
                " | ".join(m["name"] for m in matches),
                " | ".join(m["kind"] for m in matches),
                " | ".join(certified[m["certified"]] for m in matches),
                " | ".join(base_url + m["url"] for m in matches if m["url"]),
                result["message"],
            ]
        )
    return rows
