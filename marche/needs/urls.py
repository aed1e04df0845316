from django.urls import path

from . import views

app_name = "needs"
urlpatterns = [
    path("besoins/", views.open_needs, name="open"),
    path("besoins/deposer/", views.post_need, name="post"),
    path("besoins/mes-besoins/", views.mine, name="mine"),
    path("besoins/<uuid:uid>/", views.detail, name="detail"),
    path("besoins/<uuid:uid>/reprendre/", views.resume, name="resume"),
    path("besoins/<uuid:uid>/modifier/<slug:step>/", views.step, name="step"),
    path("besoins/<uuid:uid>/pieces-jointes/<uuid:attachment_uid>/", views.download, name="download"),
]
