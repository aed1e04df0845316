"""Rate limits of the Marché's public APIs, per client IP and per partner client.

The counting itself is common.ratelimit (shared store); this module knows the limits of
each API (settings ``API_RATE_LIMITS``) and how a refusal reads.
"""

from django.conf import settings
from django.http import JsonResponse

from common.http import client_ip
from common.ratelimit import Limit, hit


def _limit(api: str, per: str) -> Limit:
    count, seconds = settings.API_RATE_LIMITS[api][per]
    return Limit(scope=f"api-{api}-{per}", count=count, seconds=seconds)


def too_many_requests(retry_after: int) -> JsonResponse:
    response = JsonResponse(
        {
            "error": f"Trop de requêtes : réessayez dans {retry_after} secondes. "
            "Pour un besoin plus important, écrivez à l'équipe du Marché.",
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def check_ip(request, api: str) -> JsonResponse | None:
    """Count one call of ``api`` from this IP; the 429 to answer when over the limit, else None."""
    refusal = hit((_limit(api, "ip"), client_ip(request)))
    return too_many_requests(refusal.retry_after) if refusal else None


def check_client(api: str, client_id: str) -> JsonResponse | None:
    """Count one call of ``api`` by this partner client; the 429 when over the limit, else None."""
    refusal = hit((_limit(api, "client"), client_id))
    return too_many_requests(refusal.retry_after) if refusal else None
