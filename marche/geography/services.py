"""Loading the geography shipped with the project (INSEE communes, departments, regions)."""

import csv
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from django.db import transaction

from .models import Commune, Department, Region

DATA = Path(__file__).resolve().parent / "data"
BATCH = 2000


@transaction.atomic
def load_geography(progress: Callable[[Iterable, int], Iterable] = lambda it, total: it) -> dict:
    """Upsert regions, departments and communes from the data files. Idempotent.

    Sources: @etalab/decoupage-administratif (Licence Ouverte 2.0, INSEE) and GeoNames
    coordinates (CC BY 4.0).
    """
    divisions = json.loads((DATA / "departments-regions.json").read_text(encoding="utf-8"))
    Region.objects.bulk_create(
        [Region(code=r["code"], name=r["name"]) for r in divisions["regions"]],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name"],
    )
    Department.objects.bulk_create(
        [Department(code=d["code"], name=d["name"], region_id=d["region"]) for d in divisions["departments"]],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "region"],
    )
    with (DATA / "communes.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    batch = []
    for row in progress(rows, len(rows)):
        batch.append(
            Commune(
                insee=row["insee"],
                name=row["name"],
                postal_codes=row["postal_codes"].replace("|", " ").replace(";", " "),
                department_id=row["department"],
                population=int(row["population"] or 0),
                latitude=float(row["lat"]) if row["lat"] else None,
                longitude=float(row["lon"]) if row["lon"] else None,
            )
        )
        if len(batch) >= BATCH:
            _flush(batch)
    _flush(batch)
    return {"regions": len(divisions["regions"]), "departments": len(divisions["departments"]), "communes": len(rows)}


def _flush(batch: list) -> None:
    Commune.objects.bulk_create(
        batch,
        update_conflicts=True,
        unique_fields=["insee"],
        update_fields=["name", "postal_codes", "department", "population", "latitude", "longitude"],
    )
    batch.clear()
