from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from . import services

# What a signed-in person may still reach before accepting the new terms: the acceptance
# page, the terms themselves and the other legal pages, logging out, the machine
# endpoints (no session there) and the staff's admin. Everything else, the OIDC
# authorization first, waits.
EXEMPT_VIEWS = frozenset(
    {
        "accounts:terms_accept",
        "accounts:logout",
        "accounts:logout_everywhere",
        "healthz",
        "oidc-discovery",
        "oidc-jwks",
        "api_organizations",
    }
)
# The Django admin is the support team's tool, governed by their own rules, not a page of
# the service the terms cover.
EXEMPT_NAMESPACES = frozenset({"legal", "oauth2_provider", "admin"})
# In the provider's namespace, only the authorization is a page a person reads.
GATED_PROVIDER_VIEWS = frozenset({"oauth2_provider:authorize"})


class TermsAcceptanceRequired:
    """Rule: when the terms' version (settings.TERMS_VERSION) changes, a signed-in person
    accepts the new version before continuing; then they go on where they were going
    (the OIDC authorization included, so the relying party's login completes)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not services.terms_outdated(user):
            return None
        match = request.resolver_match
        view_name = match.view_name if match else ""
        if view_name in EXEMPT_VIEWS or (view_name in GATED_PROVIDER_VIEWS and _silent(request)):
            # prompt=none cannot show a page: the authorization view answers interaction_required.
            return None
        if view_name not in GATED_PROVIDER_VIEWS and set(match.namespaces if match else []) & EXEMPT_NAMESPACES:
            return None
        if request.path.startswith(("/static/", "/media/")):
            return None
        next_url = request.get_full_path() if request.method == "GET" else ""
        target = reverse("accounts:terms_accept")
        return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)


def _silent(request) -> bool:
    return "none" in request.GET.get("prompt", "").split()
