from django.conf import settings

from common.navigation import main_navigation


def service(request):
    """Expose which service renders the page, so the shared base template names it."""
    return {
        "SERVICE": settings.SERVICE,
        "SERVICE_NAME": {"sso": "Compte inclusion", "marche": "le Marché de l'inclusion"}[settings.SERVICE],
        "SSO_ISSUER": settings.SSO_ISSUER,
        "MARCHE_URL": settings.MARCHE_URL,
        "main_nav": main_navigation(settings.SERVICE, request.path),
    }
