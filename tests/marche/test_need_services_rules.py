"""The rules hold in the services themselves, whoever calls them (a view, a command, a
test): a refused write raises a French error and changes nothing."""

import pytest
from django.core.exceptions import ValidationError

from marche.needs import services
from marche.needs.models import Need, NeedStatus

from .factories import SupplierFactory, UserFactory, member_of
from .need_support import buyer_org, buyer_user, editor_user, future, make_need, snapshot

pytestmark = pytest.mark.django_db


def test_only_editors_decide():
    need = make_need(buyer_org(), status=NeedStatus.SUBMITTED)
    before = snapshot(need)

    for outsider in (UserFactory(), buyer_user(), member_of(SupplierFactory())):
        with pytest.raises(services.NotAllowed, match="groupe « Besoins »"):
            services.validate(editor=outsider, need_id=need.pk, expected_version=need.version)
    assert snapshot(need) == before


def test_only_the_organisations_verified_members_edit_a_draft():
    org = buyer_org()
    need = make_need(org)
    before = snapshot(need)

    for outsider in (buyer_user(), member_of(SupplierFactory()), buyer_user({**org, "verified": False})):
        with pytest.raises(services.NotAllowed):
            services.save_basics(
                user=outsider, need_id=need.pk, expected_version=need.version, kind="tender", title="Volé"
            )
    assert snapshot(need) == before


def test_unverified_buyers_create_no_draft():
    org = buyer_org(verified=False)

    with pytest.raises(services.NotAllowed, match="organisation d'achat vérifiée"):
        services.create_draft(user=buyer_user(org), organization_id=org["id"], kind="quote", title="Traiteur")
    assert Need.objects.count() == 0


def test_a_past_deadline_is_refused_by_the_service():
    org = buyer_org()
    need = make_need(org)
    before = snapshot(need)

    with pytest.raises(ValidationError, match="est passée"):
        services.save_details(
            user=buyer_user(org), need_id=need.pk, expected_version=need.version, description="x",
            amount_range="unknown", deadline=future(-3), expected_start=None, questions=[], show_buyer_name=False,
        )  # fmt: skip
    assert snapshot(need) == before


def test_a_decision_on_a_need_not_submitted_is_refused():
    need = make_need(buyer_org(), status=NeedStatus.VALIDATED)
    before = snapshot(need)

    with pytest.raises(services.DecisionConflict, match="Publié"):
        services.refuse(editor=editor_user(), need_id=need.pk, expected_version=need.version, reason="Non")
    assert snapshot(need) == before
