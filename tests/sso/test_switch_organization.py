import pytest

from .factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_a_person_with_several_organizations_switches_and_the_header_shows_the_current_one(client):
    first = MembershipFactory(organization__name="Alpha")
    second = MembershipFactory(user=first.user, organization=OrganizationFactory(name="Bêta"))
    client.force_login(first.user)
    assert "Alpha — changer de structure" in client.get("/organisations/").content.decode()

    client.post(f"/organisations/{second.organization.public_id}/choisir/")

    page = client.get("/organisations/").content.decode()
    assert "Bêta — changer de structure" in page


def test_organization_page_shows_its_stable_public_id(client):
    membership = MembershipFactory()
    client.force_login(membership.user)

    page = client.get(f"/organisations/{membership.organization.public_id}/").content.decode()

    assert str(membership.organization.public_id) in page


def test_the_kind_can_only_be_changed_by_staff_and_the_page_says_whom_to_contact(client):
    membership = MembershipFactory(is_admin=True)
    client.force_login(membership.user)

    page = client.get(f"/organisations/{membership.organization.public_id}/").content.decode()

    assert "seul le support peut le modifier" in page
    assert 'name="kind"' not in page
