from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("connexion/", views.login, name="login"),
    path("deconnexion/", views.logout, name="logout"),
    path("deconnexion-de-tous-les-services/", views.logout_everywhere, name="logout_everywhere"),
    path("inscription/", views.signup, name="signup"),
    path("inscription/verifiez-vos-courriels/", views.signup_done, name="signup_done"),
    path("inscription/renvoyer-le-lien/", views.resend_verification, name="resend_verification"),
    path("verification/<str:token>/", views.verify_email, name="verify_email"),
    path("mot-de-passe-oublie/", views.password_reset, name="password_reset"),
    path("mot-de-passe-oublie/<str:token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("mon-compte/", views.account, name="account"),
    path("conditions-d-utilisation/", views.accept_terms, name="terms_accept"),
    path("mon-compte/mot-de-passe/", views.password_change, name="password_change"),
    path("mon-compte/adresse-e-mail/", views.email_change, name="email_change"),
    path("changement-d-adresse/<str:token>/", views.email_change_confirm, name="email_change_confirm"),
]
