"""Suppliers' side of needs, the buyer's funnel and the outcome (included under /besoins/)."""

from django.urls import path

from . import supplier_views as views

app_name = "needs_supplier"
urlpatterns = [
    path("recus/", views.received, name="received"),
    path("recus/<slug:slug>/notifications/", views.notification_settings, name="notification_settings"),
    path("notifications/<str:token>/", views.opt_out, name="opt_out"),
    path("<uuid:uid>/lien/<str:token>/", views.mail_link, name="mail_link"),
    path("<uuid:uid>/repondre/", views.answer, name="answer"),
    path("<uuid:uid>/suivi/", views.funnel, name="funnel"),
    path("<uuid:uid>/suivi/export.<str:file_format>", views.export, name="export"),
    path("<uuid:uid>/suivi/relancer/", views.relaunch, name="relaunch"),
    path("<uuid:uid>/bilan/", views.outcome, name="outcome"),
]
