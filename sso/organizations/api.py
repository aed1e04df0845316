"""Directory of organisations for relying parties (OAuth2 client credentials)."""

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


@require_GET
def organizations(request):
    """GET /api/v1/organizations?kind=EI&kind=ACI&changed_since=ISO-8601&page=1&page_size=100"""
    if _client_credentials_application(request) is None:
        response = _error(401, None, "Jeton d'accès « client credentials » avec la portée « directory » requis.")
        response["WWW-Authenticate"] = 'Bearer realm="directory", scope="directory"'
        return response
    kinds = request.GET.getlist("kind")
    unknown = [k for k in kinds if k not in Kind.values]
    if unknown:
        return _error(400, "kind", f"type(s) inconnu(s) : {', '.join(unknown)}")
    changed_since = None
    if request.GET.get("changed_since"):
        changed_since = parse_datetime(request.GET["changed_since"])
        if changed_since is None or changed_since.tzinfo is None:
            return _error(
                400, "changed_since", "date ISO 8601 avec fuseau attendue, par exemple 2026-01-31T12:00:00+00:00"
            )
    try:
        page_number = int(request.GET.get("page", 1))
        page_size = int(request.GET.get("page_size", 100))
    except ValueError:
        return _error(400, "page", "page et page_size doivent être des entiers")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        return _error(400, "page_size", f"page_size doit être entre 1 et {MAX_PAGE_SIZE}")
    paginator = Paginator(selectors.directory(kind=kinds, changed_since=changed_since), page_size)
    try:
        page = paginator.page(page_number)
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
