"""Directory of organisations for relying parties (OAuth2 client credentials)."""

from datetime import UTC

from django.core.paginator import EmptyPage, Paginator
from django.http import JsonResponse
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET
from oauth2_provider.models import get_application_model
from oauth2_provider.oauth2_backends import get_oauthlib_core

from . import selectors
from .kinds import Kind

MAX_PAGE_SIZE = 500


def _error(status: int, parameter: str | None, message: str) -> JsonResponse:
    body = {"error": message}
    if parameter:
        body["parameter"] = parameter
    return JsonResponse(body, status=status)


def _client_credentials_application(request):
    """The client behind a valid client-credentials token with the ``directory`` scope, else None.

    Rule: a token obtained for a person (authorization code) never reads the directory.
    """
    valid, oauth_request = get_oauthlib_core().verify_request(request, scopes=["directory"])
    if not valid:
        return None
    token = oauth_request.access_token
    Application = get_application_model()
    if token.user_id is not None or token.application.authorization_grant_type != Application.GRANT_CLIENT_CREDENTIALS:
        return None
    return token.application


def serialize(organization) -> dict:
    return {
        "id": str(organization.public_id),
        "siret": organization.siret,
        "kind": organization.kind,
        "name": organization.name,
        "address": organization.address,
        "postal_code": organization.postal_code,
        "city": organization.city,
        "commune_insee": organization.commune_insee,
        "convention_end_date": organization.convention_end_date.isoformat()
        if organization.convention_end_date
        else None,
        "is_active": organization.is_active,
        "updated_at": organization.updated_at.isoformat(),
    }


ALLOWED_PARAMETERS = {"kind", "changed_since", "page", "page_size", "access_token"}
MAX_PARAMETER_LENGTH = 64
MAX_KINDS = len(Kind.values)
# An access token is a short printable ASCII string; anything else is refused before the lookup
# (a NUL byte in it made PostgreSQL raise: a 500).
MAX_TOKEN_LENGTH = 255


def _printable_ascii(value: str) -> bool:
    return value.isascii() and value.isprintable()


def _token_is_well_formed(request) -> bool:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    tokens = [value for value in request.GET.getlist("access_token")]
    if header:
        tokens.append(header)
    return all(len(value) <= MAX_TOKEN_LENGTH + 7 and _printable_ascii(value) for value in tokens)


def _parse_parameters(query) -> tuple[dict | None, JsonResponse | None]:
    """Every parameter checked before the database is touched: a 400 naming the first bad one."""
    for name in query:
        if name not in ALLOWED_PARAMETERS:
            shown = name if _printable_ascii(name) and len(name) <= MAX_PARAMETER_LENGTH else "(illisible)"
            return None, _error(
                400, name if shown != "(illisible)" else "(inconnu)",
                f"paramètre inconnu : {shown} (attendus : kind, changed_since, page, page_size)",
            )  # fmt: skip
        values = query.getlist(name)
        if name != "kind" and len(values) > 1:
            return None, _error(400, name, f"{name} ne doit être donné qu'une fois")
        if name != "access_token" and any(len(v) > MAX_PARAMETER_LENGTH or not _printable_ascii(v) for v in values):
            return None, _error(400, name, f"{name} : valeur trop longue ou caractères non autorisés")
    kinds = query.getlist("kind")
    if len(kinds) > MAX_KINDS:
        return None, _error(400, "kind", f"au plus {MAX_KINDS} valeurs de kind")
    unknown = [k for k in kinds if k not in Kind.values]
    if unknown:
        return None, _error(400, "kind", f"type(s) inconnu(s) : {', '.join(unknown)}")
    changed_since = None
    if query.get("changed_since"):
        try:
            # parse_datetime returns None when ill-formed and raises ValueError on an impossible
            # date (2024-02-30); the conversion to UTC overflows at the ends of the calendar.
            changed_since = parse_datetime(query["changed_since"])
            if changed_since is not None and changed_since.tzinfo is not None:
                changed_since = changed_since.astimezone(UTC)
        except (ValueError, OverflowError):
            changed_since = None
        if changed_since is None or changed_since.tzinfo is None:
            return None, _error(
                400, "changed_since", "date ISO 8601 valide avec fuseau attendue, par exemple 2026-01-31T12:00:00+00:00"
            )
    numbers = {}
    for name, default in (("page", 1), ("page_size", 100)):
        raw = query.get(name, str(default))
        if not (raw.isascii() and raw.isdigit()):
            return None, _error(400, name, f"{name} doit être un entier positif")
        numbers[name] = int(raw)
    if numbers["page"] < 1:
        return None, _error(400, "page", "page doit être un entier positif")
    if not 1 <= numbers["page_size"] <= MAX_PAGE_SIZE:
        return None, _error(400, "page_size", f"page_size doit être entre 1 et {MAX_PAGE_SIZE}")
    return {"kinds": kinds, "changed_since": changed_since, **numbers}, None


def _unauthorized():
    response = _error(401, None, "Jeton d'accès « client credentials » avec la portée « directory » requis.")
    response["WWW-Authenticate"] = 'Bearer realm="directory", scope="directory"'
    return response


@require_GET
def organizations(request):
    """GET /api/v1/organizations?kind=EI&kind=ACI&changed_since=ISO-8601&page=1&page_size=100

    Rule: the token's shape and every parameter are checked before the database is read;
    a wrong parameter is a 400 whose JSON names it, never a 500.
    """
    if not _token_is_well_formed(request):
        return _unauthorized()
    parameters, error = _parse_parameters(request.GET)
    if error is not None:
        return error
    if _client_credentials_application(request) is None:
        return _unauthorized()
    paginator = Paginator(
        selectors.directory(kind=parameters["kinds"], changed_since=parameters["changed_since"]),
        parameters["page_size"],
    )
    try:
        page = paginator.page(parameters["page"])
    except EmptyPage:
        return _error(404, "page", "page hors limites")
    return JsonResponse(
        {
            "count": paginator.count,
            "page": page.number,
            "num_pages": paginator.num_pages,
            "results": [serialize(o) for o in page.object_list],
        }
    )
