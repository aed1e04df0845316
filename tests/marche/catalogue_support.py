"""Shared set-up of the demo catalogue's tests: the real geography data, cut to the
communes of 20 000 inhabitants or more (and the arrondissements of Paris, Lyon and
Marseille) so that each test loads it in a fraction of a second."""

import csv
import json

from marche.geography.models import Commune, Department, Region
from marche.geography.services import DATA


def load_big_communes(min_population: int = 20_000) -> int:
    divisions = json.loads((DATA / "departments-regions.json").read_text(encoding="utf-8"))
    Region.objects.bulk_create([Region(code=r["code"], name=r["name"]) for r in divisions["regions"]])
    Department.objects.bulk_create(
        [Department(code=d["code"], name=d["name"], region_id=d["region"]) for d in divisions["departments"]]
    )
    with (DATA / "communes.csv").open(encoding="utf-8") as f:
        rows = [
            r
            for r in csv.DictReader(f)
            if r["lat"] and (int(r["population"] or 0) >= min_population or r["kind"] == "arrondissement-municipal")
        ]
    Commune.objects.bulk_create(
        Commune(
            insee=r["insee"],
            name=r["name"],
            postal_codes=r["postal_codes"].replace("|", " "),
            department_id=r["department"],
            population=int(r["population"] or 0),
            latitude=float(r["lat"]),
            longitude=float(r["lon"]),
        )
        for r in rows
    )
    return len(rows)
