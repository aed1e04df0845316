from django.urls import path

from . import api, views

app_name = "search"
urlpatterns = [
    path("recherche/", views.search_page, name="page"),
    path("api/v1/suppliers/search", api.supplier_search, name="api"),
    path("api/v1/openapi.json", api.openapi, name="openapi"),
    path("api/v1/autocomplete", api.autocomplete, name="autocomplete"),
]
