"""Organisation names typed in the sign-up forms, the antenna form and the admin are stored on
one line: control characters and line breaks become spaces; a NUL byte is refused."""

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict

from sso.organizations.forms import AntennaForm, BuyerSignupForm
from sso.organizations.models import Organization

from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
SIRET = "90000001900019"
EMAIL_ERRORS = ["Saisissez une adresse de courriel valide.", "Le caractère nul n’est pas autorisé."]


def test_buyer_signup_collapses_line_breaks_and_controls_in_the_name(client):
    client.force_login(UserFactory(email="achats@ville-exemple.fr"))

    response = client.post(
        "/organisations/inscription/acheteur/",
        {"siret": SIRET, "name": "Ville\r\nd'Exemple\t\x0b(achats)", "city": "Lyon\n3e"},
    )

    assert response.status_code == 302
    organization = Organization.objects.get(siret=SIRET)
    assert (organization.name, organization.city) == ("Ville d'Exemple (achats)", "Lyon 3e")


def test_antenna_form_refuses_a_nul_byte_in_the_name():
    form = AntennaForm({"name": "Antenne\x00"})

    assert form.errors == {"name": ["Le caractère nul n’est pas autorisé."]}


def test_name_made_only_of_controls_is_required_not_blank():
    form = BuyerSignupForm({"siret": SIRET, "name": "\n\t\r"})

    assert form.errors["name"] == ["Ce champ est obligatoire."]


def test_admin_form_collapses_a_line_break_in_the_name_and_checks_the_siret(rf):
    organization = MembershipFactory().organization
    request = rf.get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    model_admin = admin.site._registry[Organization]
    Form = model_admin.get_form(request, organization)
    data = {k: v for k, v in model_to_dict(organization).items() if v is not None and k in Form.base_fields}

    good = Form({**data, "name": "Nom\nsur deux lignes"}, instance=organization)
    bad = Form({**data, "siret": "12345678901234"}, instance=organization)

    assert good.errors == {}
    assert good.cleaned_data["name"] == "Nom sur deux lignes"
    assert bad.errors == {"siret": ["Ce SIRET n'existe pas : un chiffre est probablement erroné."]}


def test_invalid_invitation_address_keeps_what_was_typed_and_sends_nothing(client):
    member = MembershipFactory()
    client.force_login(member.user)

    response = client.post(f"/organisations/{member.organization.public_id}/invitations/", {"email": "collegue@\x00"})

    assert response.status_code == 200
    assert response.context["invitation_form"].data["email"] == "collegue@\x00"
    assert response.context["invitation_form"].errors["email"] == EMAIL_ERRORS
    assert not member.organization.invitations.exists()
