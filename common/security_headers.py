"""Content-Security-Policy (django-csp), Permissions-Policy and X-Frame-Options on every response."""

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """``{"camera": []}`` → ``camera=()``. Written by hand: Django has no setting for this header."""
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in sorted(policy.items()))


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's relaxed policy on the admin's URL prefixes.

    A middleware rather than a decorator per view: the Wagtail admin has hundreds of views
    that we do not write.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(settings.CSP_ADMIN_URL_PREFIXES):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # Django's XFrameOptionsMiddleware sits after CommonMiddleware, so the redirects that
        # CommonMiddleware answers by itself (APPEND_SLASH) would go out without the header.
        if "X-Frame-Options" not in response and not getattr(response, "xframe_options_exempt", False):
            response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = permissions_policy_header(settings.PERMISSIONS_POLICY)
        return response
