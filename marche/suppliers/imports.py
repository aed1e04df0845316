"""``import_suppliers``: load or update supplier profiles in bulk from a CSV file."""

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from stdnum.fr import siret as stdnum_siret

from marche.geography.models import Commune, Department, Region
from marche.sectors.models import Sector
from marche.sectors.taxonomy import service_kinds, structure_kinds

from . import services
from .models import PerimeterKind

COLUMNS = [
    "siret", "name", "brand", "kind", "sectors", "description", "address", "postal_code", "city_insee",
    "perimeter_kind", "perimeter_radius_km", "perimeter_departments", "perimeter_regions", "convention_end_date",
    "email", "phone", "website", "logo_path",
]  # fmt: skip
OPTIONAL_COLUMNS = ["services"]
REQUIRED = ["siret", "name", "kind"]


@dataclass
class SupplierImportReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def check_header(header: list[str]) -> None:
    """Rule: unknown extra columns are refused, and the required ones must be there."""
    unknown = [c for c in header if c not in COLUMNS + OPTIONAL_COLUMNS]
    missing = [c for c in COLUMNS if c not in header]
    problems = []
    if unknown:
        problems.append(f"colonne(s) inconnue(s) : {', '.join(unknown)}")
    if missing:
        problems.append(f"colonne(s) absente(s) : {', '.join(missing)}")
    if problems:
        raise ValidationError(
            "En-tête incorrect : " + " ; ".join(problems) + f". Colonnes attendues : {','.join(COLUMNS)} (+ services)."
        )


def _split(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


class _Row:
    """One line, cleaned; every problem is collected so the line's report lists them all."""

    def __init__(self, row: dict, base_dir: Path):
        self.raw = {k: (v or "").strip() for k, v in row.items()}
        self.base_dir = base_dir
        self.problems: list[str] = []

    def get(self, name):
        return self.raw.get(name, "")

    def clean(self) -> dict:
        data = {}
        for name in REQUIRED:
            if not self.get(name):
                self.problems.append(f"{name} est obligatoire")
        siret = stdnum_siret.compact(self.get("siret"))
        if siret and not stdnum_siret.is_valid(siret):
            self.problems.append(f"SIRET {self.get('siret')} invalide")
        data["siret"] = siret
        kinds = dict(structure_kinds())
        if self.get("kind") and self.get("kind") not in kinds:
            self.problems.append(f"type « {self.get('kind')} » inconnu (attendu : {', '.join(kinds)})")
        data["sectors"] = self._sectors()
        data["services"] = self._services()
        data["commune_insee"] = self._commune()
        data.update(self._perimeter())
        data["convention_end_date"] = self._date("convention_end_date")
        data["email"] = self._checked("email", validate_email, "adresse e-mail invalide")
        data["website"] = self._checked("website", URLValidator(), "site internet invalide (commencez par https://)")
        data["logo"] = self._logo()
        return data

    def _sectors(self):
        wanted = _split(self.get("sectors"))
        found = {s.slug: s for s in Sector.objects.filter(slug__in=wanted)}
        found.update({s.label.lower(): s for s in Sector.objects.filter(label__in=wanted)})
        sectors = []
        for value in wanted:
            sector = found.get(value) or found.get(value.lower())
            if sector is None:
                self.problems.append(f"secteur « {value} » inconnu")
            else:
                sectors.append(sector)
        return sectors

    def _services(self):
        codes = _split(self.get("services"))
        allowed = dict(service_kinds())
        for code in codes:
            if code not in allowed:
                self.problems.append(f"type de prestation « {code} » inconnu (DISP, PREST ou BUILD)")
        return [c for c in codes if c in allowed]

    def _commune(self):
        insee = self.get("city_insee")
        if insee and not Commune.objects.filter(insee=insee).exists():
            self.problems.append(f"commune INSEE {insee} inconnue (avez-vous lancé load_geography ?)")
        return insee

    def _perimeter(self):
        kind = self.get("perimeter_kind") or PerimeterKind.RADIUS
        data = {"perimeter_kind": kind, "perimeter_radius_km": None, "departments": [], "regions": []}
        if kind not in PerimeterKind.values:
            self.problems.append(f"perimeter_kind « {kind} » inconnu (radius, departments, regions ou national)")
            return data
        if kind == PerimeterKind.RADIUS:
            radius = self.get("perimeter_radius_km")
            if not radius.isdigit() or int(radius) <= 0:
                self.problems.append("perimeter_radius_km doit être un nombre de kilomètres positif")
            else:
                data["perimeter_radius_km"] = int(radius)
        codes = _split(self.get("perimeter_departments"))
        data["departments"] = list(Department.objects.filter(code__in=codes))
        if kind == PerimeterKind.DEPARTMENTS and (not codes or len(data["departments"]) != len(set(codes))):
            self.problems.append("perimeter_departments : codes de départements absents ou inconnus")
        codes = _split(self.get("perimeter_regions"))
        data["regions"] = list(Region.objects.filter(code__in=codes))
        if kind == PerimeterKind.REGIONS and (not codes or len(data["regions"]) != len(set(codes))):
            self.problems.append("perimeter_regions : codes de régions absents ou inconnus")
        return data

    def _date(self, name):
        value = self.get(name)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.problems.append(f"{name} : date AAAA-MM-JJ attendue")
            return None

    def _checked(self, name, validator, message):
        value = self.get(name)
        if value:
            try:
                validator(value)
            except ValidationError:
                self.problems.append(f"{message} : {value}")
        return value

    def _logo(self):
        path = self.get("logo_path")
        if not path:
            return None
        full = (self.base_dir / path).resolve()
        if self.base_dir.resolve() not in full.parents or not full.is_file():
            self.problems.append(f"logo introuvable : {path} (chemin relatif au fichier CSV)")
            return None
        return full


def import_file(path: Path, progress=lambda it, total: it) -> SupplierImportReport:
    """Import a CSV of suppliers. Rules: idempotent upsert by SIRET; each bad line is
    reported with its number and every problem found, and the good lines are imported."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        check_header([h.strip() for h in reader.fieldnames or []])
        rows = list(reader)
    report = SupplierImportReport()
    for number, raw in progress(list(enumerate(rows, start=2)), len(rows)):
        row = _Row(raw, path.parent)
        data = row.clean()
        if row.problems:
            report.errors.append(f"ligne {number} : " + " ; ".join(row.problems))
            continue
        try:
            created = _apply(row, data)
        except ValidationError as exc:
            report.errors.append(f"ligne {number} : " + " ; ".join(exc.messages))
            continue
        if created:
            report.created += 1
        else:
            report.updated += 1
    return report


@transaction.atomic
def _apply(row: _Row, data: dict) -> bool:
    supplier, created = services.upsert_reference(
        siret=data["siret"],
        name=row.get("name"),
        kind=row.get("kind"),
        convention_end_date=data["convention_end_date"],
        address=row.get("address"),
        postal_code=row.get("postal_code"),
        commune_insee=data["commune_insee"],
    )
    supplier.name = row.get("name")
    supplier.brand = row.get("brand")
    supplier.description = row.get("description")
    supplier.contact_email = data["email"]
    supplier.contact_phone = row.get("phone")
    supplier.website = data["website"]
    supplier.perimeter_kind = data["perimeter_kind"]
    supplier.perimeter_radius_km = data["perimeter_radius_km"]
    if "services" in row.raw:
        supplier.service_kinds = data["services"]
    supplier.sectors.set(data["sectors"])
    supplier.perimeter_departments.set(data["departments"])
    supplier.perimeter_regions.set(data["regions"])
    if data["logo"] is not None:
        with data["logo"].open("rb") as f:
            services.set_logo(supplier, File(f, name=data["logo"].name))
    services.save_profile(supplier)
    return created
