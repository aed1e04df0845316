"""``sync_suppliers``: fill and update profiles from Compte inclusion's directory API."""

from dataclasses import dataclass

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
            # One transaction and one index update per page: the position moves with the page.
            with transaction.atomic():
                touched = []
                for item in progress(body["results"]):
                    touched.append(_apply(item, report))
                    changed = parse_datetime(item["updated_at"])
                    if state.last_change_seen is None or changed > state.last_change_seen:
                        state.last_change_seen = changed
                state.save(update_fields=["last_change_seen"])
                index.changed(touched)
            if page >= body["num_pages"]:
                break
            page += 1
    except requests.RequestException as exc:
        raise DirectoryUnavailable(f"Compte inclusion injoignable : {exc}") from exc
    state.finished_at = timezone.now()
    state.save(update_fields=["finished_at"])
    return report


def _apply(item: dict, report: SyncReport) -> int:
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
