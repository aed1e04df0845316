import pytest

from sso.organizations import services
from sso.organizations.kinds import Kind
from sso.organizations.models import Membership

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_employer_administrator_creates_an_antenna_under_the_same_siren(client):
    admin = MembershipFactory(is_admin=True, organization__kind=Kind.ACI)
    client.force_login(admin.user)

    response = client.post(
        f"/organisations/{admin.organization.public_id}/antenne/", {"name": "Antenne Nord", "siret": ""}
    )

    antenna = Membership.objects.get(user=admin.user, organization__name="Antenne Nord").organization
    assert response.status_code == 302
    assert antenna.kind == Kind.ACI
    assert antenna.siret[:9] == admin.organization.siret[:9]
    assert antenna.siret[9:13] == "9999"
    assert Membership.objects.get(user=admin.user, organization=antenna).is_admin


def test_antenna_with_the_same_siret_gets_a_9999x_nic_and_two_antennas_differ():
    admin = MembershipFactory(is_admin=True)

    first = services.create_antenna(admin.user, admin.organization, name="A", siret=admin.organization.siret)
    second = services.create_antenna(admin.user, admin.organization, name="B")

    assert first.siret != admin.organization.siret
    assert first.siret != second.siret


def test_antenna_siret_under_another_siren_is_refused():
    from django.core.exceptions import ValidationError

    admin = MembershipFactory(is_admin=True)

    with pytest.raises(ValidationError, match="SIREN"):
        services.create_antenna(admin.user, admin.organization, name="A", siret="90000005000014")


def test_prescriber_antennas_are_created_by_staff_only():
    admin = MembershipFactory(is_admin=True, organization__kind=Kind.FT)

    with pytest.raises(services.OrganizationRefused, match="support"):
        services.create_antenna(admin.user, admin.organization, name="Agence bis")


def test_a_member_who_is_not_admin_cannot_create_an_antenna():
    from django.core.exceptions import PermissionDenied

    member = MembershipFactory(is_admin=False)

    with pytest.raises(PermissionDenied):
        services.create_antenna(member.user, member.organization, name="A")
