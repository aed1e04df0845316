"""Import of the ASP's list of conventioned SIAE (``import_structures``)."""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from .kinds import EMPLOYER_KINDS
from .models import Organization, ReferenceStructure
from .siret import clean_siret
from .text import has_nul, has_surrogates, one_line

COLUMNS = [
    "asp_id",
    "siret",
    "kind",
    "name",
    "address",
    "postal_code",
    "commune_insee",
    "city",
    "convention_end_date",
    "auth_email",
]
REQUIRED = ["asp_id", "siret", "kind", "name"]
# Free texts put on one line (control characters and line breaks become spaces).
ONE_LINE = ["name", "address", "city"]


@dataclass
class StructuresReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    siret_changed: int = 0
    reactivated: int = 0
    marked_missing: int = 0
    deactivated: int = 0
    antennas_updated: int = 0
    errors: list[str] = field(default_factory=list)
    valve: str = ""


def read_rows(content: str) -> tuple[list[str], Iterable[tuple[int, dict]]]:
    """The header and the (line number, row) pairs of a CSV file separated by ``,`` or ``;``.

    A record the CSV reader cannot read (a field over its size limit…) comes as a row whose
    ``_error`` says why, so that it is reported on its line and the next lines are read.
    The line number is the file's line where the record starts.
    """
    sample = content[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(content), delimiter=delimiter)
    try:
        header = [name.strip() for name in next(reader)]
    except (StopIteration, csv.Error):
        header = []

    def rows():
        while True:
            start = reader.line_num + 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield start, {"_error": f"ligne illisible ({exc})"}
                continue
            if not values:
                continue  # a blank line
            row = {name: values[index] if index < len(values) else None for index, name in enumerate(header)}
            if len(values) > len(header):
                row[None] = values[len(header) :]
            yield start, row

    return header, rows()


def check_header(header: list[str]) -> None:
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name not in COLUMNS]
    problems = []
    if missing:
        problems.append(f"colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}")
    if unknown:
        problems.append(f"colonne(s) inconnue(s) : {', '.join(unknown)} (attendues : {', '.join(COLUMNS)})")
    if problems:
        raise ValidationError("En-tête du fichier incorrect : " + " ; ".join(problems))


def _parse_date(value: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValidationError(f"date illisible « {value} » (attendu AAAA-MM-JJ ou JJ/MM/AAAA)")


def _check_text(row: dict) -> None:
    """Rule: a value is refused before it reaches the database when it holds a NUL byte, bytes that
    are not UTF-8, or is longer than its column (PostgreSQL would raise; SQLite would store it)."""
    if row.get("_error"):
        raise ValidationError(row["_error"])
    extra = row.get(None)
    if extra:
        raise ValidationError(f"{len(extra)} valeur(s) de trop sur la ligne (séparateur dans un champ non protégé ?)")
    for name in COLUMNS:
        value = row.get(name) or ""
        if has_nul(value):
            raise ValidationError(f"colonne {name} : caractère nul (octet 0) interdit")
        if has_surrogates(value):
            raise ValidationError(f"colonne {name} : encodage illisible (le fichier doit être en UTF-8)")
        limit = ReferenceStructure._meta.get_field(name).max_length
        if limit and len(value.strip()) > limit:
            raise ValidationError(f"colonne {name} : {len(value.strip())} caractères, {limit} au plus")


def _clean_row(row: dict) -> dict:
    _check_text(row)
    values = {name: (row.get(name) or "").strip() for name in COLUMNS}
    for name in ONE_LINE:
        values[name] = one_line(values[name])
    for name in COLUMNS:
        if name not in ONE_LINE and any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in values[name]):
            raise ValidationError(f"colonne {name} : caractère de contrôle interdit")
    values["_has_auth_email"] = "auth_email" in row
    missing = [name for name in REQUIRED if not values[name]]
    if missing:
        raise ValidationError(f"champ(s) vide(s) : {', '.join(missing)}")
    values["siret"] = clean_siret(values["siret"])
    if values["kind"] not in EMPLOYER_KINDS:
        raise ValidationError(f"type « {values['kind']} » inconnu (attendu : {', '.join(sorted(EMPLOYER_KINDS))})")
    if values["postal_code"] and not (values["postal_code"].isascii() and values["postal_code"].isdigit()):
        raise ValidationError(f"code postal « {values['postal_code']} » invalide (5 chiffres attendus)")
    values["convention_end_date"] = _parse_date(values["convention_end_date"])
    if values["auth_email"]:
        try:
            validate_email(values["auth_email"])
        except ValidationError:
            raise ValidationError(f"adresse e-mail de contact « {values['auth_email']} » invalide") from None
    return values


def _deactivation_due(structure: ReferenceStructure, today: date, grace: timedelta) -> bool:
    if structure.missing_since and structure.missing_since + grace <= today:
        return True
    return bool(structure.convention_end_date and structure.convention_end_date + grace < today)


def import_structures(
    rows: Iterable[tuple[int, dict]],
    *,
    today: date | None = None,
    force: bool = False,
    progress: Callable[[Iterable], Iterable] = lambda it: it,
) -> StructuresReport:
    """Upsert the ASP's structures, then deactivate the closed ones after the grace period.

    Rules: a bad line is reported with its number and the others are imported; a SIRET
    that changed for the same ASP identifier is carried over to the organisation; a
    structure absent from the file, or whose convention ended, is deactivated only after
    STRUCTURES_GRACE_DAYS (its organisation and memberships stay, marked inactive);
    a file that would remove more than STRUCTURES_MAX_DEACTIVATION_PERCENT of the active
    structures (a truncated file, say) removes none unless ``force``. Idempotent.
    """
    today = today or timezone.localdate()
    grace = timedelta(days=settings.STRUCTURES_GRACE_DAYS)
    report = StructuresReport()
    seen: dict[str, int] = {}
    seen_sirets: dict[tuple[str, str], int] = {}
    # Rule: a structure whose line is in error is still in the file: never marked absent for it.
    present: set[str] = set()
    lines = iter(progress(rows))
    while True:
        # Rule: one line, one savepoint (``_upsert`` is atomic); whatever goes wrong on a line,
        # even while reading it (a broken quote, an over-long field), is reported with its
        # number and the import goes on with the next one.
        line = None
        try:
            line, row = next(lines)
            present.add((row.get("asp_id") or "").strip())
            values = _clean_row(row)
            if values["asp_id"] in seen:
                raise ValidationError(f"identifiant ASP {values['asp_id']} déjà présent ligne {seen[values['asp_id']]}")
            seen[values["asp_id"]] = line
            key = (values["siret"], values["kind"])
            if key in seen_sirets:
                raise ValidationError(
                    f"SIRET {values['siret']} ({values['kind']}) déjà présent ligne {seen_sirets[key]} sous un autre "
                    "identifiant ASP : ligne ignorée"
                )
            seen_sirets[key] = line
            _upsert(values, today, grace, report)
        except StopIteration:
            break
        except ValidationError as exc:
            report.errors.append(f"ligne {line} : {'; '.join(exc.messages)}")
        except IntegrityError as exc:
            report.errors.append(
                f"ligne {line} : conflit avec une structure ou une organisation existante (même SIRET et même type ?) "
                f"[{_reason(exc)}]"
            )
        except (DatabaseError, ValueError, csv.Error) as exc:
            report.errors.append(f"ligne {line or '?'} : {_reason(exc)}")
            if line is None:
                break  # the reader itself failed: nothing more can be read
    for final_pass in (
        lambda: _remove_absent_and_closed(present | set(seen), today, grace, force, report),
        lambda: _follow_parents(report),
    ):
        # Rule: the final passes run whatever happened to the lines, and each one's failure is reported.
        try:
            final_pass()
        except (DatabaseError, ValueError) as exc:
            report.errors.append(f"passe finale : {_reason(exc)}")
    return report


def _reason(exc: Exception) -> str:
    return f"{type(exc).__name__} : {str(exc).strip().splitlines()[0] if str(exc).strip() else 'erreur'}"[:300]


@transaction.atomic
def _follow_parents(report: StructuresReport) -> None:
    """Rule: an antenna's convention end date and active state are its parent's ASP record's,
    copied at every import, so antennas never outlive (or lag behind) their convention."""
    references = {r.asp_id: r for r in ReferenceStructure.objects.filter(asp_id__isnull=False)}
    now = timezone.now()
    antennas = Organization.objects.select_for_update().filter(parent__asp_id__isnull=False).select_related("parent")
    for antenna in antennas:
        reference = references.get(antenna.parent.asp_id)
        if reference is None:
            continue
        changed = []
        if antenna.convention_end_date != reference.convention_end_date:
            antenna.convention_end_date = reference.convention_end_date
            changed.append("convention_end_date")
        if antenna.is_active != reference.is_active:
            antenna.is_active = reference.is_active
            antenna.deactivated_at = None if reference.is_active else now
            changed += ["is_active", "deactivated_at"]
        if changed:
            antenna.save(update_fields=[*changed, "updated_at"])
            report.antennas_updated += 1


@transaction.atomic
def _upsert(values: dict, today: date, grace: timedelta, report: StructuresReport) -> None:
    structure = ReferenceStructure.objects.select_for_update().filter(asp_id=values["asp_id"]).first()
    fields = {k: values[k] for k in COLUMNS if k != "asp_id"}
    if not values["_has_auth_email"]:
        # A file without the (optional) contact column keeps the contacts already known.
        fields.pop("auth_email")
    if structure is None:
        structure = ReferenceStructure.objects.create(asp_id=values["asp_id"], **fields)
        report.created += 1
    else:
        changed = {k: v for k, v in fields.items() if getattr(structure, k) != v}
        if "siret" in changed:
            report.siret_changed += 1
        for key, value in changed.items():
            setattr(structure, key, value)
        if changed or structure.missing_since:
            structure.missing_since = None
            structure.save()
            report.updated += 1
        else:
            report.unchanged += 1
    organization = Organization.objects.filter(asp_id=structure.asp_id).first()
    if organization is None:
        # An organisation created before the ASP identifier was known: adopt it.
        organization = Organization.objects.filter(
            siret=structure.siret, kind=structure.kind, asp_id__isnull=True
        ).first()
    if organization is not None:
        organization.asp_id = structure.asp_id
        organization.siret = structure.siret
        organization.convention_end_date = structure.convention_end_date
        organization.save(update_fields=["asp_id", "siret", "convention_end_date", "updated_at"])
    if not structure.is_active and not _deactivation_due(structure, today, grace):
        structure.is_active = True
        structure.save(update_fields=["is_active"])
        if organization is not None:
            organization.is_active = True
            organization.deactivated_at = None
            organization.save(update_fields=["is_active", "deactivated_at", "updated_at"])
        report.reactivated += 1


@transaction.atomic
def _remove_absent_and_closed(
    present: set[str], today: date, grace: timedelta, force: bool, report: StructuresReport
) -> None:
    active = list(ReferenceStructure.objects.select_for_update().filter(is_active=True))
    absent = [s for s in active if s.asp_id not in present]
    newly_missing = [s for s in absent if s.missing_since is None]
    for structure in newly_missing:
        structure.missing_since = today  # in memory until the safety valve lets it through
    to_deactivate = [s for s in active if s.asp_id not in present and _deactivation_due(s, today, grace)]
    to_deactivate += [s for s in active if s.asp_id in present and _deactivation_due(s, today, grace)]
    removals = {s.asp_id for s in absent} | {s.asp_id for s in to_deactivate}
    limit = len(active) * settings.STRUCTURES_MAX_DEACTIVATION_PERCENT / 100
    if active and len(removals) > limit and not force:
        report.valve = (
            f"Ce fichier retirerait {len(removals)} structures sur {len(active)} actives, plus que le maximum "
            f"autorisé ({settings.STRUCTURES_MAX_DEACTIVATION_PERCENT} %). Le fichier est peut-être tronqué : aucune "
            "structure n'a été marquée absente ni désactivée. Vérifiez le fichier, puis relancez avec --force si ces "
            "retraits sont attendus."
        )
        return
    for structure in newly_missing:
        structure.save(update_fields=["missing_since"])
        report.marked_missing += 1
    now = timezone.now()
    for structure in to_deactivate:
        structure.is_active = False
        structure.save(update_fields=["is_active"])
        Organization.objects.filter(asp_id=structure.asp_id, is_active=True).update(
            is_active=False, deactivated_at=now, updated_at=now
        )
        report.deactivated += 1
