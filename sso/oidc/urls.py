from django.urls import path

from . import views

app_name = "oidc"
urlpatterns = [
    path("changer-de-compte/", views.switch_account, name="switch_account"),
]
