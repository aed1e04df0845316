import pytest

from sso.accounts.models import LinkedAccount
from sso.oidc.claims import claims_for, organizations_claim

from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_sub_is_the_public_uuid_not_the_database_key():
    user = UserFactory()

    assert claims_for(user)["sub"] == str(user.uuid)
    assert claims_for(user)["sub"] != str(user.pk)


def test_linked_accounts_claim_lists_every_origin():
    user = UserFactory()
    LinkedAccount.objects.create(user=user, source="marche", external_id="12")
    LinkedAccount.objects.create(user=user, source="emplois", external_id="345")

    assert claims_for(user)["linked_accounts"] == [{"source": "emplois", "id": "345"}, {"source": "marche", "id": "12"}]


def test_organizations_claim_leaves_out_inactive_memberships_and_organizations():
    user = UserFactory()
    kept = MembershipFactory(user=user, is_admin=True)
    MembershipFactory(user=user, is_active=False)
    MembershipFactory(user=user, organization__is_active=False)

    assert [o["id"] for o in organizations_claim(user)] == [str(kept.organization.public_id)]
