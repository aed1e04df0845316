from django.contrib import admin
from django.urls import include, path

from common.health import health_view
from sso.oidc.views import InclusionAuthorizationView

urlpatterns = [
    path("", include("sso.core.urls")),
    path("healthz", health_view(), name="healthz"),
    path("comptes/", include("sso.accounts.urls")),
    path("connexion/", include("sso.oidc.urls")),
    # Our authorize view first: it adds the "which account?" rule to DOT's.
    path("o/authorize/", InclusionAuthorizationView.as_view(), name="authorize"),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("admin/", admin.site.urls),
]
