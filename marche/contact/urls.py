from django.urls import path

from . import views

app_name = "contact"
urlpatterns = [
    path("fournisseurs/<slug:slug>/contacter/", views.contact, name="contact"),
    path("messages/", views.inbox, name="inbox"),
    path("messages/<int:pk>/", views.conversation, name="conversation"),
    path("messages/pieces-jointes/<int:pk>/", views.attachment, name="attachment"),
]
