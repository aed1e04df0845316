from django.contrib import admin
from django.urls import include, path

from common.health import health_view

urlpatterns = [
    path("", include("sso.core.urls")),
    path("healthz", health_view(), name="healthz"),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("admin/", admin.site.urls),
]
