from django.urls import path

from . import views

app_name = "lists"
urlpatterns = [
    path("listes/", views.index, name="index"),
    path("listes/creer/", views.create, name="create"),
    path("listes/ajouter/", views.add, name="add"),
    path("listes/<int:list_id>/", views.detail, name="detail"),
    path("listes/<int:list_id>/renommer/", views.rename, name="rename"),
    path("listes/<int:list_id>/partager/", views.share, name="share"),
    path("listes/<int:list_id>/supprimer/", views.delete, name="delete"),
    path("listes/<int:list_id>/export/", views.export_list, name="export"),
    path("listes/<int:list_id>/fournisseurs/<int:supplier_id>/retirer/", views.remove, name="remove"),
    path("listes/<int:list_id>/fournisseurs/<int:supplier_id>/note/", views.note, name="note"),
    path("recherche/export/", views.export_search, name="export_search"),
]
