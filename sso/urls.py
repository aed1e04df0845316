from django.contrib import admin
from django.urls import include, path
from oauth2_provider.views import ConnectDiscoveryInfoView, JwksInfoView

from common.health import health_view
from sso.oidc.views import InclusionAuthorizationView
from sso.organizations import api as organizations_api
from sso.organizations.urls import invitation_urlpatterns

urlpatterns = [
    path("", include("sso.core.urls")),
    path("healthz", health_view(), name="healthz"),
    path("comptes/", include("sso.accounts.urls")),
    path("connexion/", include("sso.oidc.urls")),
    path("organisations/", include("sso.organizations.urls")),
    path("invitations/", include((invitation_urlpatterns, "invitations"))),
    # Our authorize view first: it adds the "which account?" rule to DOT's.
    # Discovery lives at the issuer's root, as OpenID Connect Discovery requires.
    path(".well-known/openid-configuration", ConnectDiscoveryInfoView.as_view(), name="oidc-discovery"),
    path(".well-known/jwks.json", JwksInfoView.as_view(), name="oidc-jwks"),
    path("o/authorize/", InclusionAuthorizationView.as_view(), name="authorize"),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("api/v1/organizations", organizations_api.organizations, name="api_organizations"),
    path("admin/", admin.site.urls),
]

handler500 = "common.error_pages.server_error"
