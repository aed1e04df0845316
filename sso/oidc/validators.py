from oauth2_provider.oauth2_validators import OAuth2Validator


class InclusionOAuth2Validator(OAuth2Validator):
    """Claims of Compte inclusion.

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
