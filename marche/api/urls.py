from django.urls import path

from . import views

app_name = "api"
# Included after marche.search's URLs: /api/v1/suppliers/search stays the search API.
urlpatterns = [
    path("api/v1/suppliers", views.supplier_list, name="suppliers"),
    path("api/v1/suppliers/<str:siret>", views.supplier_detail, name="supplier"),
]
