from django.urls import path

from . import views

app_name = "suppliers"
urlpatterns = [
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path("tableau-de-bord/<slug:slug>/", views.edit, name="edit"),
    path("fournisseurs/<slug:slug>/", views.profile, name="profile"),
]
