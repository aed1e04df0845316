"""``sync_suppliers``: fill and update profiles from Compte inclusion's directory API."""

from dataclasses import dataclass, field

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from search import index

from . import services
from .models import DirectorySync

# Every employer kind has a supplier profile, not only the ASP-conventioned SIAE.
EMPLOYER_KINDS = ["EI", "AI", "ACI", "ETTI", "EITI", "GEIQ", "EA", "EATT", "ESAT", "SEP"]


class DirectoryUnavailable(Exception):
    pass


@dataclass
class SyncReport:
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    errors: list[str] = field(default_factory=list)


def _token(session: requests.Session) -> str:
    response = session.post(
        f"{settings.SSO_INTERNAL_URL}/o/token/",
        data={"grant_type": "client_credentials", "scope": "directory"},
        auth=(settings.DIRECTORY_CLIENT_ID, settings.DIRECTORY_CLIENT_SECRET),
        timeout=20,
    )
    if response.status_code != 200:
        raise DirectoryUnavailable(
            f"jeton refusé par Compte inclusion ({response.status_code}) : {response.text[:200]}"
        )
    return response.json()["access_token"]


def sync(full: bool = False, page_size: int = 200, progress=lambda it: it) -> SyncReport:
    """Pull the SIAE changed since the last run (all of them with ``full``).

    Rules: incremental by the directory's change date; a closed structure becomes
    inactive and leaves the search; a changed SIRET follows its profile (keyed by the
    organisation's public ID). Safe to run again: the position only moves forward after
    a page was applied.
    """
    state, _ = DirectorySync.objects.get_or_create(pk=1)
    since = None if full else state.last_change_seen
    report = SyncReport()
    session = requests.Session()
    try:
        session.headers["Authorization"] = f"Bearer {_token(session)}"
        page = 1
        while True:
            params = {"kind": EMPLOYER_KINDS, "page": page, "page_size": page_size}
            if since:
                params["changed_since"] = since.isoformat()
            response = session.get(f"{settings.SSO_INTERNAL_URL}/api/v1/organizations", params=params, timeout=30)
            if response.status_code == 404 and page > 1:
                break
            if response.status_code != 200:
                raise DirectoryUnavailable(f"annuaire indisponible ({response.status_code}) : {response.text[:200]}")
            body = response.json()
            apply_page(progress(body["results"]), state, report)
            if page >= body["num_pages"]:
                break
            page += 1
    except requests.RequestException as exc:
        raise DirectoryUnavailable(f"Compte inclusion injoignable : {exc}") from exc
    state.finished_at = timezone.now()
    state.save(update_fields=["finished_at"])
    return report


@transaction.atomic
def apply_page(results, state: DirectorySync, report: SyncReport) -> None:
    """Apply one page of the directory: one transaction and one index update; the
    position moves with the page.

    Rule: each record in its own savepoint; a bad record (unexpected data, a database
    error) is reported in ``report.errors`` and skipped, the others applied, and the
    position still moves past it, so the sync never stops nor gets stuck on it."""
    touched = []
    for item in results:
        try:
            with transaction.atomic():
                touched.append(_apply(item, report))
        except Exception as exc:  # reported; the next record goes on
            report.errors.append(f"{_describe(item)} : {type(exc).__name__} : {str(exc)[:200]}")
        changed = parse_datetime(item.get("updated_at") or "") if isinstance(item, dict) else None
        if changed and (state.last_change_seen is None or changed > state.last_change_seen):
            state.last_change_seen = changed
    state.save(update_fields=["last_change_seen"])
    index.changed(touched)


def _describe(item) -> str:
    if not isinstance(item, dict):
        return "enregistrement illisible"
    return f"structure {item.get('siret') or '(sans SIRET)'} « {str(item.get('name') or '')[:80]} »"


def _check_text(item: dict) -> None:
    """PostgreSQL refuses NUL bytes and over-long values: refuse them first, with a reason."""
    for key, limit in (("siret", 14), ("name", 255), ("address", 255), ("postal_code", 5), ("commune_insee", 5)):
        value = item.get(key) or ""
        if not isinstance(value, str) or "\x00" in value or len(value) > limit:
            raise ValueError(f"champ {key} invalide (texte de {limit} caractères au plus, sans caractère nul)")


def _apply(item: dict, report: SyncReport) -> int:
    _check_text(item)
    supplier, created = services.reference_profile(
        siret=item["siret"],
        name=item["name"],
        kind=item["kind"],
        organization_id=item["id"],
        convention_end_date=parse_date(item["convention_end_date"]) if item.get("convention_end_date") else None,
        is_active=item["is_active"],
        address=item.get("address") or "",
        postal_code=item.get("postal_code") or "",
        commune_insee=item.get("commune_insee") or "",
    )
    services.prepare_profile(supplier).save()
    if created:
        report.created += 1
    elif not item["is_active"]:
        report.deactivated += 1
    else:
        report.updated += 1
    return supplier.pk
