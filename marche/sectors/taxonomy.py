"""The Marché's reference lists (structure kinds, kinds of service, perimeters, sectors),
shipped as data in ``data/marche-taxonomy.json``."""

import json
from functools import cache
from pathlib import Path

from django.utils.text import slugify

DATA = Path(__file__).resolve().parent / "data" / "marche-taxonomy.json"


@cache
def taxonomy() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def structure_kinds() -> list[tuple[str, str]]:
    kinds = taxonomy()["structure_kinds"]
    return [(code, label) for family in ("insertion", "handicap") for code, label in kinds[family].items()]


def service_kinds() -> list[tuple[str, str]]:
    return list(taxonomy()["service_kinds"].items())


def load_sectors(SectorGroup, Sector) -> None:
    """Create or update groups and sectors from the data file (also used by a migration)."""
    for position, group_data in enumerate(taxonomy()["sector_groups"]):
        group, _ = SectorGroup.objects.update_or_create(
            slug=slugify(group_data["name"])[:150], defaults={"name": group_data["name"], "position": position}
        )
        for label in group_data["sectors"]:
            Sector.objects.update_or_create(slug=slugify(label)[:150], defaults={"label": label, "group": group})
