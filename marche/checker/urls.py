from django.urls import path, re_path

from . import views

app_name = "checker"
urlpatterns = [
    path("verifier-vos-fournisseurs/", views.check, name="check"),
    path("verifier-vos-fournisseurs/<uuid:pk>/", views.result, name="result"),
    re_path(
        r"^verifier-vos-fournisseurs/(?P<pk>[0-9a-f-]{36})/fichier\.(?P<file_format>csv|xlsx)$",
        views.export,
        name="export",
    ),
]
