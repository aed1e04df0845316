"""Partner lookup API: GET /api/v1/suppliers/{siret} and GET /api/v1/suppliers?siren=…"""

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from . import selectors
from .auth import AuthenticationError, authenticate
from .ratelimit import check_client, check_ip

API = "partner"


def supplier_json(request, supplier) -> dict:
    commune = supplier.commune
    return {
        "siret": supplier.siret,
        "siren": supplier.siret[:9],
        "name": supplier.name,
        "brand": supplier.brand,
        "kind": supplier.kind,
        "certified": supplier.certified,
        "convention_end_date": supplier.convention_end_date.isoformat() if supplier.convention_end_date else None,
        "address": supplier.address,
        "postal_code": supplier.postal_code,
        "city": commune.name if commune else "",
        "commune_insee": commune.insee if commune else "",
        "department": commune.department_id if commune else "",
        "sectors": supplier.sector_labels(),
        "service_kinds": sorted({code for activity in supplier.activities.all() for code in activity.service_kinds}),
        "website": supplier.website,
        "url": request.build_absolute_uri(supplier.get_absolute_url()),
    }


def error(status: int, message: str, *, parameter: str | None = None, code: str | None = None) -> JsonResponse:
    body = {"error": message}
    if parameter:
        body["parameter"] = parameter
    if code:
        body["code"] = code
    return JsonResponse(body, status=status)


def partner_call(view):
    """Rules of every partner endpoint, in this order: the per-IP limit (so bad tokens cannot
    flood the provider), the token (401/403 in French), then the per-client limit (429 with
    Retry-After)."""

    def wrapped(request, *args, **kwargs):
        refusal = check_ip(request, API)
        if refusal:
            return refusal
        try:
            partner = authenticate(request, settings.PARTNER_API_SCOPE)
        except AuthenticationError as exc:
            response = error(exc.status, exc.message, code=exc.code)
            if exc.status in (401, 403):
                response["WWW-Authenticate"] = (
                    f'Bearer realm="marche", error="{exc.code}", scope="{settings.PARTNER_API_SCOPE}"'
                )
            return response
        refusal = check_client(API, partner.client_id)
        if refusal:
            return refusal
        return view(request, *args, **kwargs)

    wrapped.__doc__ = view.__doc__
    return wrapped


@require_GET
@partner_call
def supplier_detail(request, siret: str):
    """Rules: a SIRET with a bad checksum is a 400 naming it; unknown, closed or hidden is a 404."""
    try:
        siret = selectors.valid_siret(siret)
    except selectors.InvalidNumber as exc:
        return error(400, exc.message, parameter=exc.parameter)
    supplier = selectors.supplier_by_siret(siret)
    if supplier is None:
        return error(
            404,
            f"Aucun fournisseur inclusif du Marché n'a le SIRET {siret}. Une structure absente peut "
            "être vérifiée avec « vérifier vos fournisseurs ».",
        )
    return JsonResponse(supplier_json(request, supplier))


@require_GET
@partner_call
def supplier_list(request):
    """Rules: ``siren`` is required and checked (400 otherwise); every visible establishment of
    the SIREN comes back, an empty list when there is none (with count 0)."""
    unknown = sorted(set(request.GET) - {"siren"})
    if unknown:
        return error(
            400, f"Paramètre inconnu « {unknown[0][:40]} » : seul « siren » est accepté.", parameter=unknown[0][:40]
        )
    try:
        siren = selectors.valid_siren(request.GET.get("siren", ""))
    except selectors.InvalidNumber as exc:
        return error(400, exc.message, parameter=exc.parameter)
    suppliers = selectors.suppliers_by_siren(siren)
    return JsonResponse({"count": len(suppliers), "results": [supplier_json(request, s) for s in suppliers]})
