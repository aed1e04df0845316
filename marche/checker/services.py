"""Writes of the checker: a check run, and the local copy of the reference list."""

import csv
import io
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.siret import clean_siret, siren_of

from . import selectors
from .models import Check, ReferenceStructure
from .reading import Table


def run_check(*, source: str, header: list[str], rows: list[list[str]], column: int) -> Check:
    """Check every row's number and keep the result for the result page and its download.

    Checks older than ``CHECKER_RESULT_DAYS`` are deleted on the way: what a buyer
    checked is not kept longer than needed to download it.
    """
    results = selectors.check_values([row[column] if column < len(row) else "" for row in rows])
    Check.objects.filter(created_at__lt=timezone.now() - timedelta(days=settings.CHECKER_RESULT_DAYS)).delete()
    return Check.objects.create(
        source=source[:255],
        header=header,
        rows=[{"cells": row, "result": result} for row, result in zip(rows, results, strict=True)],
    )


def check_table(table: Table) -> Check:
    return run_check(source=table.source, header=table.header, rows=table.rows, column=table.column)


# The ASP's export, as the provider's ``import_structures`` reads it (extra columns ignored).
REFERENCE_COLUMNS = ["siret", "kind", "name"]


def import_reference_structures(content: str, progress=lambda it, total: it) -> dict:
    """Replace the local copy of the reference list by the file's content.

    Rules: idempotent (the same file twice changes nothing the second time); a line with
    a bad SIRET is reported and skipped; a structure absent from the file leaves the list.
    A file without any valid line changes nothing (an empty export must not wipe the list).
    """
    sample = content[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")), delimiter=delimiter)
    missing = [c for c in REFERENCE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(f"Colonne(s) absente(s) : {', '.join(missing)}.")
    report = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0, "errors": []}
    rows = list(reader)
    seen = {}
    for number, row in enumerate(progress(rows, len(rows)), start=2):
        try:
            siret = clean_siret(row.get("siret") or "")
        except ValidationError as exc:
            report["errors"].append(f"ligne {number} : {exc.messages[0]}")
            continue
        seen[siret] = {
            "siren": siren_of(siret),
            "kind": (row.get("kind") or "").strip()[:20],
            "name": " ".join((row.get("name") or "").split())[:255],
            "postal_code": (row.get("postal_code") or "").strip()[:5],
            "city": " ".join((row.get("city") or "").split())[:255],
        }
    if not seen:
        report["errors"].append("aucune ligne valide : la liste n'a pas été modifiée")
        return report
    with transaction.atomic():
        existing = {s.siret: s for s in ReferenceStructure.objects.all()}
        for siret, values in seen.items():
            structure = existing.get(siret)
            if structure is None:
                ReferenceStructure.objects.create(siret=siret, **values)
                report["created"] += 1
            elif any(getattr(structure, k) != v for k, v in values.items()):
                ReferenceStructure.objects.filter(pk=structure.pk).update(**values, imported_at=timezone.now())
                report["updated"] += 1
            else:
                report["unchanged"] += 1
        report["removed"], _ = ReferenceStructure.objects.exclude(siret__in=seen.keys()).delete()
    return report
