"""What an export holds: its columns, who may have which, and the rows (reads only).

Files are written by ``common.spreadsheet`` (formula neutralisation and file names live
there). Exports are built in the request: at most ``MAX_EXPORT_SUPPLIERS`` suppliers take a
few seconds, and the page says "préparation…" meanwhile (static/js/lists.js); a worker
round trip would make every small export slower for nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.http import QueryDict

from marche.search import selectors as search_selectors
from marche.suppliers import selectors as supplier_selectors
from marche.suppliers.models import Supplier
from search.engines import search
from search.query import MAX_PAGE_SIZE

from .models import ExportPreference

MAX_EXPORT_SUPPLIERS = 5000


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    contact: bool = False  # contact details: verified buyers (and staff) only
    list_only: bool = False  # the note exists in lists only


COLUMNS = (
    Column("nom", "Raison sociale"),
    Column("enseigne", "Enseigne"),
    Column("siret", "SIRET"),
    Column("type", "Type de structure"),
    Column("adresse", "Adresse"),
    Column("code_postal", "Code postal"),
    Column("commune", "Commune"),
    Column("departement", "Département"),
    Column("secteurs", "Secteurs d'activité"),
    Column("prestations", "Types de prestation"),
    Column("certifiee", "Fiche certifiée"),
    Column("fiche", "Fiche sur le Marché"),
    Column("note", "Note", list_only=True),
    Column("contact_nom", "Contact", contact=True),
    Column("contact_email", "E-mail de contact", contact=True),
    Column("contact_telephone", "Téléphone", contact=True),
    Column("site", "Site internet", contact=True),
)
BY_KEY = {column.key: column for column in COLUMNS}
DEFAULT_COLUMNS = (
    "nom",
    "enseigne",
    "siret",
    "type",
    "commune",
    "departement",
    "secteurs",
    "certifiee",
    "fiche",
    "note",
    "contact_nom",
    "contact_email",
    "contact_telephone",
)


def available_columns(user, *, for_list: bool) -> list[Column]:
    """Rule: contact columns only for those who may see contact details (verified buyers, staff)."""
    contact = supplier_selectors.can_see_contact(user)
    return [c for c in COLUMNS if (contact or not c.contact) and (for_list or not c.list_only)]


def remembered_columns(user) -> list[str]:
    preference = ExportPreference.objects.filter(user=user).first() if user.is_authenticated else None
    columns = preference.columns if preference and isinstance(preference.columns, list) else DEFAULT_COLUMNS
    return [key for key in columns if key in BY_KEY]


def chosen_columns(user, keys: Iterable[str] | None, *, for_list: bool) -> list[Column]:
    """The columns of this export: those asked for (or remembered) that the person may have,
    in the catalogue's order. Never empty: the default applies when nothing usable is left."""
    allowed = {c.key for c in available_columns(user, for_list=for_list)}
    wanted = set(keys if keys is not None else remembered_columns(user)) & allowed
    if not wanted:
        wanted = set(DEFAULT_COLUMNS) & allowed
    return [c for c in COLUMNS if c.key in wanted]


def _with_labels(queryset):
    # What sector_labels() and the commune need, fetched once for the whole export.
    # (When sectors move to activities, this prefetch follows Supplier.sector_labels.)
    return queryset.select_related("commune").prefetch_related("activities__sectors")


def _value(column: Column, supplier: Supplier, note: str):
    match column.key:
        case "nom":
            return supplier.name
        case "enseigne":
            return supplier.brand
        case "siret":
            return supplier.siret
        case "type":
            return supplier.get_kind_display()
        case "adresse":
            return supplier.address
        case "code_postal":
            return supplier.postal_code
        case "commune":
            return supplier.commune.name if supplier.commune else ""
        case "departement":
            return supplier.commune.department_id if supplier.commune else ""
        case "secteurs":
            return ", ".join(supplier.sector_labels())
        case "prestations":
            return ", ".join(supplier.service_kind_labels())
        case "certifiee":
            return "oui" if supplier.certified else "non"
        case "fiche":
            return settings.MARCHE_URL + supplier.get_absolute_url()
        case "note":
            return note
        case "contact_nom":
            return supplier.contact_name
        case "contact_email":
            return supplier.contact_email
        case "contact_telephone":
            return supplier.contact_phone
        case "site":
            return supplier.website
    raise KeyError(column.key)


def table(columns: list[Column], rows: Iterable[tuple[Supplier, str]]) -> tuple[list[str], Iterable[list]]:
    header = [c.label for c in columns]
    return header, ([_value(c, supplier, note) for c in columns] for supplier, note in rows)


def list_rows(supplier_list) -> list[tuple[Supplier, str]]:
    from .selectors import entries

    entries_ = entries(supplier_list).prefetch_related("supplier__activities__sectors")
    return [(entry.supplier, entry.note) for entry in entries_[:MAX_EXPORT_SUPPLIERS]]


def search_params(query_string: str) -> QueryDict:
    """The search page's parameters, as its URL carries them, without the page number."""
    params = QueryDict(query_string or "", mutable=True)
    for key in ("page", "page_size"):
        params.pop(key, None)
    return params


def search_rows(query_string: str) -> tuple[list[tuple[Supplier, str]], int]:
    """Every supplier of this search (all pages, in the page's order, up to
    MAX_EXPORT_SUPPLIERS) and the search's total. Raises search.query.QueryError on a bad
    parameter, like the page."""
    from marche.search.views import _query_params  # the page's own reading of a typed commune

    request = _Request(search_params(query_string))
    params, _ = _query_params(request)
    ids: list[int] = []
    total = 0
    page = 1
    while len(ids) < MAX_EXPORT_SUPPLIERS:
        query = search_selectors.query_from_params(params, page=page, page_size=MAX_PAGE_SIZE, facets=())
        result = search(query)
        total = result.total
        ids.extend(hit.id for hit in result.hits)
        if len(result.hits) < MAX_PAGE_SIZE:
            break
        page += 1
    ids = list(dict.fromkeys(ids))[:MAX_EXPORT_SUPPLIERS]
    suppliers = _with_labels(Supplier.objects.visible().filter(pk__in=ids)).in_bulk()
    return [(suppliers[pk], "") for pk in ids if pk in suppliers], total


def search_count(query_string: str) -> tuple[int, int]:
    """How many suppliers an export of this search holds, and the search's total (one query)."""
    from marche.search.views import _query_params

    params, _ = _query_params(_Request(search_params(query_string)))
    result = search(search_selectors.query_from_params(params, page=1, page_size=1, facets=()))
    return min(result.total, MAX_EXPORT_SUPPLIERS), result.total


class _Request:
    """What the search page's parameter reader needs of a request."""

    def __init__(self, params: QueryDict):
        self.GET = params
