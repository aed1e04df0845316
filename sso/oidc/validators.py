from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.settings import oauth2_settings

from .models import MACHINE_SCOPES

# Rule: the only grants Compte inclusion accepts (client credentials only for clients
# registered for it: the directory). Discovery advertises exactly these.
ENABLED_GRANT_TYPES = ("authorization_code", "refresh_token", "client_credentials")


class InclusionOAuth2Validator(OAuth2Validator):
    """Claims and hardening rules of Compte inclusion.

    ``sub`` is the account's public UUID (never the database key). ``organizations``
    lists the person's active memberships; ``linked_accounts`` the accounts they had in
    les emplois or the former Marché, so each relying party maps its old user to ``sub``.
    """

    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "organizations": "organizations",
        "linked_accounts": "openid",
    }

    def get_claim_dict(self, request):
        from sso.oidc.claims import claims_for

        return claims_for(request.user)

    def get_discovery_claims(self, request):
        return ["sub", "email", "email_verified", "given_name", "family_name", "organizations", "linked_accounts"]

    # prompt=none reaches oauthlib only when nobody is logged in: InclusionAuthorizationView
    # answers for logged-in people itself (DOT does not give the validator the Django user).
    # So oauthlib's silent checks can only say no, which it turns into login_required.
    def validate_silent_login(self, request):
        return False

    def validate_silent_authorization(self, request):
        return False

    def validate_grant_type(self, client_id, grant_type, client, request, *args, **kwargs):
        """Rule: only ENABLED_GRANT_TYPES, each for the clients registered for it."""
        if grant_type not in ENABLED_GRANT_TYPES:
            return False
        return super().validate_grant_type(client_id, grant_type, client, request, *args, **kwargs)

    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs):
        """Rules: a client-credentials token carries only the scopes its client was registered
        for (``register_client --scope``: the directory, or ``marche.suppliers.read`` for a
        partner); a person's authorization never grants a machine scope."""
        from .selectors import client_credentials_scopes

        if request.grant_type == "client_credentials":
            allowed = client_credentials_scopes(client)
        else:
            allowed = set(oauth2_settings._SCOPES) - MACHINE_SCOPES
        if not scopes or not set(scopes) <= set(allowed):
            return False
        return super().validate_scopes(client_id, scopes, client, request, *args, **kwargs)

    def get_default_scopes(self, client_id, request, *args, **kwargs):
        """A client-credentials request without ``scope`` gets every scope of its client."""
        from .selectors import client_credentials_scopes

        if request.grant_type == "client_credentials":
            return sorted(client_credentials_scopes(request.client))
        return super().get_default_scopes(client_id, request, *args, **kwargs)

    def validate_response_type(self, client_id, response_type, client, request, *args, **kwargs):
        """Rule: the authorization code flow only (no implicit or hybrid response)."""
        return response_type == "code" and super().validate_response_type(
            client_id, response_type, client, request, *args, **kwargs
        )

    def get_default_redirect_uri(self, client_id, request, *args, **kwargs):
        """Rule: a request may omit redirect_uri only when the client registered exactly one.

        With several, guessing one could send the code where the client did not expect
        it; returning None makes oauthlib refuse the request (missing redirect_uri).
        """
        uris = request.client.redirect_uris.split()
        return uris[0] if len(uris) == 1 else None

    def validate_bearer_token(self, token, scopes, request):
        """Rules: the access token comes in the Authorization header only (never in the
        query string or the body, where logs and referrers keep it), and belongs to an
        active account."""
        header = request.headers.get("Authorization", "") if request.headers else ""
        if not header.lower().startswith("bearer "):
            return False
        if not super().validate_bearer_token(token, scopes, request):
            return False
        return request.user is None or request.user.is_active

    def validate_refresh_token(self, refresh_token, client, request, *args, **kwargs):
        """Rule: a deactivated account's refresh tokens are refused even if one escaped revocation."""
        if not super().validate_refresh_token(refresh_token, client, request, *args, **kwargs):
            return False
        return request.user is None or request.user.is_active
