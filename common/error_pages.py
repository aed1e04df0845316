"""The 500 page of both services (each ROOT_URLCONF sets ``handler500`` to this)."""

from django.conf import settings
from django.http import HttpResponseServerError
from django.template import loader

SERVICE_NAMES = {"sso": "Compte inclusion", "marche": "le Marché de l'inclusion"}


def server_error(request, template_name="500.html"):
    """Render the French DSFR error page without the request's context processors.

    Django's own handler does the same for the same reason: whatever failed (often the
    database) may fail again in a context processor, and the error page must still answer.
    """
    try:
        content = loader.get_template(template_name).render({"SERVICE_NAME": SERVICE_NAMES.get(settings.SERVICE, "")})
    except Exception:  # the page of last resort must not raise in turn
        content = (
            "<!DOCTYPE html><html lang='fr'><title>Erreur</title><h1>Une erreur inattendue est survenue</h1></html>"
        )
    return HttpResponseServerError(content)
