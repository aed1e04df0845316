import pytest
from django.core import mail

from sso.organizations import services
from sso.organizations.kinds import Kind
from sso.organizations.models import JoinRequest, Membership, Organization, SignupRequest

from .factories import MembershipFactory, OrganizationFactory, ReferenceStructureFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_employer_signup_is_refused_with_an_unknown_siret_and_says_what_to_do(client):
    client.force_login(UserFactory())

    response = client.post("/organisations/inscription/employeur/", {"siret": "90000005000014"})

    content = response.content.decode()
    assert "SIRET non reconnu" in content
    assert "mise à jour régulièrement" in content
    assert "demande d&#x27;inscription" in content or "demande d'inscription" in content
    assert 'value="90000005000014"' in content
    assert not Organization.objects.exists()


def test_employer_signup_with_an_invalid_siret_says_so():
    with pytest.raises(Exception, match="chiffre est probablement erroné"):
        services.employer_signup(UserFactory(), "90000005000015")


def test_employer_signup_creates_the_organization_and_sends_the_person_to_prove_belonging(client):
    reference = ReferenceStructureFactory(name="Atelier Vert")
    user = UserFactory()
    client.force_login(user)

    response = client.post("/organisations/inscription/employeur/", {"siret": reference.siret})

    organization = Organization.objects.get(siret=reference.siret)
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{organization.public_id}/revendiquer/"
    assert organization.asp_id == reference.asp_id and organization.name == "Atelier Vert"
    assert not Membership.objects.filter(user=user).exists()


def test_employer_signup_into_an_organization_with_members_asks_its_administrators(django_capture_on_commit_callbacks):
    reference = ReferenceStructureFactory()
    admin = MembershipFactory(organization__siret=reference.siret, organization__asp_id=reference.asp_id, is_admin=True)
    newcomer = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        result = services.employer_signup(newcomer, reference.siret)

    assert result.join_request is not None and result.membership is None
    assert mail.outbox[-1].to == [admin.user.email]
    services.decide_join_request(admin.user, result.join_request, accept=True)
    assert Membership.objects.get(user=newcomer).is_admin is False


def test_refused_join_request_adds_no_membership():
    admin = MembershipFactory(is_admin=True)
    request = services.join_or_request(UserFactory(), admin.organization).join_request

    services.decide_join_request(admin.user, request, accept=False)

    assert request.status == JoinRequest.Status.REFUSED
    assert Membership.objects.filter(organization=admin.organization).count() == 1


def test_geiq_and_ea_sign_up_through_a_request_that_staff_approve():
    user = UserFactory()

    signup_request = services.request_structure_signup(user, siret="90000005000014", kind=Kind.GEIQ, name="GEIQ Sud")

    assert isinstance(signup_request, SignupRequest)
    assert not Organization.objects.exists()
    organization = services.approve_signup_request(signup_request)
    assert organization.kind == Kind.GEIQ
    assert Membership.objects.get(user=user, organization=organization).is_admin


def test_prescriber_joins_an_authorised_organization_found_by_name_or_siret(client):
    ft = OrganizationFactory(kind=Kind.FT, name="France Travail Nantes", is_authorized=True, city="Nantes")
    OrganizationFactory(kind=Kind.FT, name="France Travail Non habilité", is_authorized=False)
    user = UserFactory()
    client.force_login(user)

    found = client.get("/organisations/inscription/prescripteur/", {"q": "nantes"}).content.decode()
    assert "France Travail Nantes" in found and "Non habilité" not in found
    client.post(f"/organisations/inscription/prescripteur/{ft.public_id}/")

    assert Membership.objects.get(user=user, organization=ft).is_admin


def test_prescriber_creates_a_non_authorised_orienteur_organization_with_a_valid_siret():
    result = services.create_orienteur(
        UserFactory(), siret="90000005000014", name="Association Relais", kind=Kind.OTHER_PRESCRIBER
    )

    assert result.organization.is_authorized is False
    assert result.membership.is_admin


def test_buyer_organization_is_created_by_siret_when_absent_and_joined_when_present():
    first = services.buyer_signup(UserFactory(), siret="90000005000014", name="Ville de Démo")
    second = services.buyer_signup(UserFactory(), siret="900 000 050 00014", name="autre nom")

    assert first.organization == second.organization
    assert second.join_request is not None


def test_buyer_with_a_wrong_siret_checksum_is_refused(client):
    client.force_login(UserFactory())

    response = client.post("/organisations/inscription/acheteur/", {"siret": "90000005000015", "name": "Ville"})

    assert "erroné" in response.content.decode()
    assert not Organization.objects.exists()


def test_one_account_cannot_be_both_employer_and_prescriber():
    user = MembershipFactory(organization__kind=Kind.EI).user
    prescriber = OrganizationFactory(kind=Kind.ML, is_authorized=True)

    with pytest.raises(services.OrganizationRefused, match="autre adresse e-mail"):
        services.prescriber_join(user, prescriber)


def test_employer_and_prescriber_refusal_is_explained_on_the_page(client):
    user = MembershipFactory(organization__kind=Kind.FT).user
    reference = ReferenceStructureFactory()
    client.force_login(user)

    response = client.post("/organisations/inscription/employeur/", {"siret": reference.siret})

    assert "autre adresse e-mail" in response.content.decode()
