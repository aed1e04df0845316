from django.contrib import admin
from django.urls import include, path
from oauth2_provider.views import JwksInfoView

from common.health import health_view
from sso.oidc.views import InclusionDiscoveryView
from sso.organizations import api as organizations_api
from sso.organizations.urls import claim_urlpatterns, invitation_urlpatterns

urlpatterns = [
    path("", include("sso.core.urls")),
    path("healthz", health_view(), name="healthz"),
    path("", include("common.legal")),
    path("comptes/", include("sso.accounts.urls")),
    path("connexion/", include("sso.oidc.urls")),
    path("organisations/", include("sso.organizations.urls")),
    path("invitations/", include((invitation_urlpatterns, "invitations"))),
    path("revendications/", include((claim_urlpatterns, "claims"))),
    # Discovery lives at the issuer's root, as OpenID Connect Discovery requires.
    path(".well-known/openid-configuration", InclusionDiscoveryView.as_view(), name="oidc-discovery"),
    path(".well-known/jwks.json", JwksInfoView.as_view(), name="oidc-jwks"),
    path("o/", include("sso.oidc.provider_urls")),
    path("api/v1/organizations", organizations_api.organizations, name="api_organizations"),
    path("admin/", admin.site.urls),
]

handler500 = "common.error_pages.server_error"
