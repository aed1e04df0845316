"""Links to Compte inclusion that bring the person back to the Marché with fresh claims."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

register = template.Library()


def refresh_url(return_to: str) -> str:
    """The Marché's address that refreshes the person's organisations, then shows ``return_to``."""
    if not url_has_allowed_host_and_scheme(return_to, allowed_hosts=None) or not return_to.startswith("/"):
        return_to = "/"
    return f"{settings.MARCHE_URL}{reverse('users:refresh_claims')}?{urlencode({'next': return_to})}"


@register.simple_tag
def compte_inclusion_url(path: str, return_to: str = "/") -> str:
    """``path`` at Compte inclusion, whose return address (``next``) refreshes the claims
    on the Marché and comes back to ``return_to`` (a path of the Marché)."""
    return f"{settings.SSO_ISSUER}{path}?{urlencode({'next': refresh_url(return_to)})}"


@register.simple_tag
def refresh_claims_url(return_to: str = "/") -> str:
    return refresh_url(return_to)
