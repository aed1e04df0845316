"""``import_suppliers``: load or update supplier profiles in bulk from a CSV file."""

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from stdnum.fr import siret as stdnum_siret

from marche.geography.models import Commune, Department, Region
from marche.sectors.models import Sector
from marche.sectors.taxonomy import service_kinds, structure_kinds
from search import index

from . import perimeter, services
from .logos import validate_logo
from .models import Activity, PerimeterKind, Supplier

INSEE = re.compile(r"[0-9][0-9AB][0-9]{3}")
COLUMNS = [
    "siret", "name", "brand", "kind", "sectors", "description", "address", "postal_code", "city_insee",
    "perimeter_kind", "perimeter_radius_km", "perimeter_departments", "perimeter_regions", "convention_end_date",
    "email", "phone", "website", "logo_path",
]  # fmt: skip
OPTIONAL_COLUMNS = ["services", "perimeter_communes"]
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
            "En-tête incorrect : "
            + " ; ".join(problems)
            + f". Colonnes attendues : {','.join(COLUMNS)} (+ services, perimeter_communes)."
        )


def _split(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


class _Lookups:
    """Reference tables read once per import, not once per line (throughput)."""

    def __init__(self):
        sectors = list(Sector.objects.all())
        self.sectors = {s.slug: s for s in sectors} | {s.label.lower(): s for s in sectors}
        self.departments = {d.code: d for d in Department.objects.all()}
        self.regions = {r.code: r for r in Region.objects.all()}
        self.communes: dict[str, Commune | None] = {}

    def commune_exists(self, insee: str) -> bool:
        return self.communes_for([insee]).get(insee) is not None

    def communes_for(self, codes) -> dict[str, Commune | None]:
        missing = [c for c in set(codes) if c and c not in self.communes]
        if missing:
            found = {c.insee: c for c in Commune.objects.filter(insee__in=missing)}
            self.communes.update({c: found.get(c) for c in missing})
        return self.communes


class _Row:
    """One line, cleaned; every problem is collected so the line's report lists them all."""

    def __init__(self, row: dict, base_dir: Path, lookups: _Lookups | None = None):
        self.raw = {k: (v or "").strip() for k, v in row.items() if k is not None}
        self.base_dir = base_dir
        self.lookups = lookups or _Lookups()
        self.problems: list[str] = []

    def get(self, name):
        return self.raw.get(name, "")

    def clean(self) -> dict:
        data = {}
        self._check_characters_and_lengths()
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

    def _check_characters_and_lengths(self):
        """Rule: checked before the database sees them (PostgreSQL refuses NUL and over-long
        values with an error that used to abort the whole import; SQLite stored them)."""
        for name, value in self.raw.items():
            if "\x00" in value:
                self.problems.append(f"{name} : caractère nul (\\0) interdit, réenregistrez le fichier en CSV UTF-8")
            limit = MAX_LENGTHS.get(name)
            if limit and len(value) > limit:
                self.problems.append(f"{name} : {len(value)} caractères, {limit} au plus")

    def _sectors(self):
        wanted = _split(self.get("sectors"))
        found = self.lookups.sectors
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
        if insee and not self.lookups.commune_exists(insee):
            self.problems.append(f"commune INSEE {insee} inconnue (avez-vous lancé load_geography ?)")
        return insee

    def _perimeter(self):
        kind = self.get("perimeter_kind") or PerimeterKind.RADIUS
        radius = self.get("perimeter_radius_km")
        data = {
            "perimeter_kind": kind,
            "perimeter_radius_km": int(radius) if radius.isascii() and radius.isdigit() else None,
            "communes": [],
            "departments": [],
            "regions": [],
        }
        unknown = []
        codes = list(dict.fromkeys(_split(self.get("perimeter_communes"))))
        # Only well-formed INSEE codes reach the database (no NUL, no over-long value).
        known = self.lookups.communes_for([c for c in codes if INSEE.fullmatch(c)]) if codes else {}
        data["communes"] = [c for c in codes if known.get(c) is not None]
        if kind == PerimeterKind.COMMUNES and len(data["communes"]) < len(codes):
            missing = ", ".join(c[:10] for c in codes if known.get(c) is None)
            unknown.append(f"perimeter_communes : code(s) INSEE inconnu(s) {missing}")
        for relation, table, name in (
            ("departments", self.lookups.departments, "perimeter_departments"),
            ("regions", self.lookups.regions, "perimeter_regions"),
        ):
            codes = _split(self.get(name))
            data[relation] = [table[c] for c in dict.fromkeys(codes) if c in table]
            if any(c not in table for c in codes) and kind == relation:
                unknown.append(f"{name} : code(s) inconnu(s) {', '.join(c for c in codes if c not in table)}")
        errors = perimeter.validate(
            kind, data["perimeter_radius_km"], data["departments"], data["regions"], data["communes"]
        )
        self.problems += [f"{field} : {message}" for field, message in errors.items()] + unknown
        if kind != PerimeterKind.RADIUS:
            data["perimeter_radius_km"] = None
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
        try:
            with full.open("rb") as f:
                validate_logo(File(f, name=full.name))
        except ValidationError as exc:
            self.problems.append(f"logo {path} : " + " ".join(exc.messages))
            return None
        return full


def _max_lengths() -> dict[str, int]:
    columns = {"siret": "siret", "name": "name", "brand": "brand", "address": "address", "postal_code": "postal_code",
               "city_insee": "commune", "email": "contact_email", "phone": "contact_phone", "website": "website"}  # fmt: skip
    lengths = {column: Supplier._meta.get_field(field).max_length for column, field in columns.items()}
    return {**lengths, "city_insee": 5}


MAX_LENGTHS = _max_lengths()
BATCH = 500
# Everything a line may write, for the batch's one UPDATE of the profiles it changes.
UPDATED_FIELDS = [
    "siret", "organization_id", "kind", "convention_end_date", "is_active", "name", "brand", "address",
    "postal_code", "commune", "latitude", "longitude", "description", "contact_email", "contact_phone",
    "website", "logo", "certified", "certified_checked_at", "updated_at",
]  # fmt: skip


def import_file(path: Path, progress=lambda it, total: it) -> SupplierImportReport:
    """Import a CSV of suppliers. Rules: idempotent upsert by SIRET; each bad line is
    reported with its number and every problem found, and the good lines are imported;
    each line writes its profile once.

    Why in batches (BATCH lines, one transaction): lines are checked one by one, then the
    batch's profiles are read with one query and written once (one INSERT for the new
    ones, one UPDATE per changed one),
    their relations replaced with one DELETE and one INSERT each, and the index updated
    once; per-line saves made the import a few dozen lines per second.
    """
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        check_header([h.strip() for h in reader.fieldnames or []])
        rows = list(reader)
    report = SupplierImportReport()
    lookups = _Lookups()
    numbered = list(enumerate(rows, start=2))
    bar = iter(progress(numbered, len(numbered)))
    for batch in _batches(numbered):
        good = []
        for number, raw in batch:
            next(bar, None)
            row = _Row(raw, path.parent, lookups)
            try:
                data = row.clean()
            except Exception as exc:  # one line's surprise must not stop the import
                row.problems.append(_reason(exc))
            if row.problems:
                report.errors.append(f"ligne {number} : " + " ; ".join(row.problems))
            else:
                good.append((number, row, data))
        _apply_batch(good, lookups, report)
    for _ in bar:
        pass
    return report


def _batches(numbered: list) -> list[list]:
    """Batches of about BATCH lines in which the lines of one SIRET are together (they
    are one profile's activities, written at once), in the order of their first line."""
    groups: dict[str, list] = {}
    for number, raw in numbered:
        key = stdnum_siret.compact((raw.get("siret") or "").strip()) or f"line-{number}"
        groups.setdefault(key, []).append((number, raw))
    batches, current = [], []
    for lines in groups.values():
        if current and len(current) + len(lines) > BATCH:
            batches.append(current)
            current = []
        current += lines
    return [*batches, current] if current else batches


def _reason(exc: Exception) -> str:
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    return f"erreur à l'enregistrement ({type(exc).__name__}{' : ' + detail if detail else ''})"


@transaction.atomic
def _apply_batch(lines: list, lookups: _Lookups, report: SupplierImportReport) -> None:
    """Write a batch in one transaction and ONE index update. Fast path: the whole batch
    at once in a savepoint. If anything fails there (a database error, an unreadable
    logo…), the savepoint is rolled back and the batch is written again profile by
    profile (the lines of one SIRET together: they are its activities), each in its own
    savepoint: the failing lines are reported with their number and reason, the others kept."""
    try:
        with transaction.atomic():
            ids, created, updated = _write(lines, lookups)
    except Exception:  # any failure: find the guilty lines one profile at a time
        ids, created, updated = [], 0, 0
        profiles: dict[str, list] = {}
        for line in sorted(lines, key=lambda line: line[0]):
            profiles.setdefault(line[2]["siret"], []).append(line)
        for group in profiles.values():
            try:
                with transaction.atomic():
                    line_ids, line_created, line_updated = _write(group, lookups)
            except Exception as exc:  # reported, the next profile goes on
                report.errors += [f"ligne {line[0]} : {_reason(exc)}" for line in group]
            else:
                ids += line_ids
                created += line_created
                updated += line_updated
    report.created += created
    report.updated += updated
    index.changed(ids)


def _write(lines: list, lookups: _Lookups) -> tuple[list, int, int]:
    # A SIRET on several lines: the profile's fields come from its last line; each line
    # is one activity (see _activities).
    by_siret: dict[str, list] = {}
    for _, row, data in sorted(lines, key=lambda line: line[0]):
        by_siret.setdefault(data["siret"], []).append((row, data))
    last = {data["siret"]: (number, row, data) for number, row, data in sorted(lines, key=lambda line: line[0])}
    lines = sorted(last.values(), key=lambda line: line[0])
    existing = {s.siret: s for s in Supplier.objects.select_related("logo").filter(siret__in=list(last))}
    taken = set()
    communes = lookups.communes_for([data["commune_insee"] for _, _, data in lines])
    now = timezone.now()
    new, changed, relations = [], [], []
    for _, row, data in lines:
        found = existing.get(data["siret"])
        slug = None
        if found is None:
            # One query per NEW profile (not per line): slugs must never collide.
            slug = services.unique_slug(row.get("name"), data["siret"], taken)
        supplier, created = services.reference_profile(
            siret=data["siret"],
            name=row.get("name"),
            kind=row.get("kind"),
            convention_end_date=data["convention_end_date"],
            address=row.get("address"),
            postal_code=row.get("postal_code"),
            commune_insee=data["commune_insee"],
            existing=found,
            slug=slug,
            communes=communes,
        )
        supplier.name = row.get("name")
        supplier.brand = row.get("brand")
        supplier.description = row.get("description")
        supplier.contact_email = data["email"]
        supplier.contact_phone = row.get("phone")
        supplier.website = data["website"]
        supplier.updated_at = now
        if data["logo"] is not None:
            with data["logo"].open("rb") as f:
                services.attach_logo(supplier, File(f, name=data["logo"].name))  # checked in clean()
        services.prepare_profile(supplier)
        (new if created else changed).append(supplier)
        relations.append((supplier, data))
    Supplier.objects.bulk_create(new)
    for supplier in changed:
        # One UPDATE each: bulk_update's CASE per field grows with rows × fields and was slower.
        supplier.save(update_fields=UPDATED_FIELDS)
    ids = [s.pk for s in new + changed]
    services.write_activities(_activities(relations, by_siret, [s.pk for s in changed]))
    return ids, len(new), len(changed)


def _activities(relations: list, by_siret: dict, changed_ids: list[int]) -> dict[int, list]:
    """Rule: each line is one activity; the lines of a SIRET replace the profile's
    activities. Without a ``services`` column, each activity keeps the kinds of service
    the profile had (over all its activities), as the import did before activities."""
    previous: dict[int, set] = {}
    for supplier_id, codes in Activity.objects.filter(supplier_id__in=changed_ids).values_list(
        "supplier_id", "service_kinds"
    ):
        previous.setdefault(supplier_id, set()).update(codes)
    order = [code for code, _ in service_kinds()]
    result = {}
    for supplier, data in relations:
        result[supplier.pk] = [
            services.ActivityData(
                sectors=tuple(dict.fromkeys(s.pk for s in line["sectors"])),
                service_kinds=tuple(
                    line["services"]
                    if "services" in row.raw
                    else [c for c in order if c in previous.get(supplier.pk, ())]
                ),
                perimeter_kind=line["perimeter_kind"],
                radius_km=line["perimeter_radius_km"],
                communes=tuple(line["communes"]),
                departments=tuple(d.pk for d in line["departments"]),
                regions=tuple(r.pk for r in line["regions"]),
            )
            for row, line in by_siret[data["siret"]]
        ]
    return result
