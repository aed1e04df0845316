from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .services import LoginRefused, user_from_claims


class InclusionOIDCBackend(OIDCAuthenticationBackend):
    """Login through Compte inclusion only; the ID token is verified against the provider's JWKS (RS256)."""

    def verify_claims(self, claims):
        return bool(claims.get("sub")) and bool(claims.get("email_verified"))

    def filter_users_by_claims(self, claims):
        # Not by email, as the library does by default: the sub is the only stable key.
        return self.UserModel.objects.none()

    def create_user(self, claims):
        try:
            return user_from_claims(claims)
        except LoginRefused as exc:
            messages.error(self.request, str(exc))
            return None

    def get_userinfo(self, access_token, id_token, payload):
        # userinfo is authoritative, but the sub must be the one of the verified ID token.
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            return {}
        return userinfo


def provider_logout_url(request) -> str:
    """RP-initiated logout: end the provider's session too, then come back to the Marché."""
    params = {"post_logout_redirect_uri": f"{settings.MARCHE_URL}/", "client_id": settings.OIDC_RP_CLIENT_ID}
    id_token = request.session.get("oidc_id_token")
    if id_token:
        params["id_token_hint"] = id_token
    return f"{settings.OIDC_OP_LOGOUT_URL}?{urlencode(params)}"
