"""``GET /healthz``: the state of what the service depends on, as JSON."""

from collections.abc import Callable

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def database_status() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"; the detail helps the operator
        return {"status": "error", "error": str(exc)[:200]}
    return {"status": "ok", "vendor": connection.vendor}


def health_view(*extra_checks: tuple[str, Callable[[], dict]]):
    """Build a health view. Rule: 200 only when every check is ``ok`` or ``disabled``."""

    @never_cache
    @require_GET
    def view(request):
        checks = {"database": database_status()}
        for name, check in extra_checks:
            checks[name] = check()
        healthy = all(c["status"] in ("ok", "disabled") for c in checks.values())
        return JsonResponse(
            {"status": "ok" if healthy else "error", "checks": checks},
            status=200 if healthy else 503,
        )

    return view
