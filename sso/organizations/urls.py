from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("inscription/", views.signup_choice, name="signup"),
    path("inscription/employeur/", views.employer_signup, name="signup_employer"),
    path("inscription/geiq-ea/", views.structure_request, name="signup_request"),
    path("inscription/prescripteur/", views.prescriber_signup, name="signup_prescriber"),
    path("inscription/prescripteur/<uuid:public_id>/", views.prescriber_join, name="prescriber_join"),
    path("inscription/acheteur/", views.buyer_signup, name="signup_buyer"),
    path("<uuid:public_id>/", views.organization_detail, name="detail"),
    path("<uuid:public_id>/revendiquer/", views.claim, name="claim"),
    path("justificatifs/<int:claim_id>/<str:document>/", views.claim_document, name="claim_document"),
    path("<uuid:public_id>/choisir/", views.switch, name="switch"),
    path("<uuid:public_id>/quitter/", views.leave, name="leave"),
    path("<uuid:public_id>/antenne/", views.create_antenna, name="antenna"),
    path("<uuid:public_id>/membres/<int:membership_id>/administrateur/", views.set_admin, name="set_admin"),
    path("<uuid:public_id>/membres/<int:membership_id>/retirer/", views.remove_member, name="remove_member"),
    path("<uuid:public_id>/invitations/", views.invite, name="invite"),
    path(
        "<uuid:public_id>/invitations/<int:invitation_id>/renvoyer/", views.resend_invitation, name="resend_invitation"
    ),
    path(
        "<uuid:public_id>/invitations/<int:invitation_id>/annuler/", views.cancel_invitation, name="cancel_invitation"
    ),
    path("<uuid:public_id>/demandes/<int:request_id>/", views.decide_join_request, name="decide_join_request"),
]

invitation_urlpatterns = [path("<str:token>/", views.invitation, name="invitation")]
claim_urlpatterns = [path("<str:token>/", views.claim_link, name="confirm")]
