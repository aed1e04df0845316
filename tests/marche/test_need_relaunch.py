"""The buyer's "relancer": re-notifies the suppliers that have not answered, at most once
per 48 h, never after the deadline, never to one that answered."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from marche.needs.models import Answer, Need, NeedRecipient
from tests.marche import need_supplier_support as s

pytestmark = pytest.mark.django_db


@pytest.fixture
def need_with_rows():
    green = s.sector("espaces-verts-test")
    need = s.need(sectors=[green])
    waiting = s.supplier(sectors=[green], email="waiting@exemple.fr")
    answered = s.supplier(sectors=[green], email="answered@exemple.fr")
    s.recipient(need, waiting)
    s.recipient(need, answered, answered_at=timezone.now(), answer=Answer.NOT_INTERESTED, not_interested_reason="other")
    return need, waiting, answered


def relaunch(client, need, capture):
    with capture(execute=True):
        return client.post(f"/besoins/{need.uid}/suivi/relancer/", follow=True)


def test_relaunch_mails_only_those_who_have_not_answered(client, need_with_rows, django_capture_on_commit_callbacks):
    need, waiting, answered = need_with_rows
    client.force_login(s.buyer_of(need.organization_id))

    response = relaunch(client, need, django_capture_on_commit_callbacks)

    assert "Relance envoyée aux 1 fournisseur(s)" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["waiting@exemple.fr"]]
    assert "relance" in mail.outbox[0].subject.lower()
    assert NeedRecipient.objects.get(need=need, supplier=waiting).relaunched_at is not None
    assert NeedRecipient.objects.get(need=need, supplier=answered).relaunched_at is None


def test_second_relaunch_within_48_hours_is_refused(client, need_with_rows, django_capture_on_commit_callbacks):
    need, *_ = need_with_rows
    client.force_login(s.buyer_of(need.organization_id))
    relaunch(client, need, django_capture_on_commit_callbacks)
    first = Need.objects.get(pk=need.pk).last_relaunch_at

    response = relaunch(client, need, django_capture_on_commit_callbacks)

    assert "moins de 48 heures" in response.content.decode()
    assert len(mail.outbox) == 1
    assert Need.objects.get(pk=need.pk).last_relaunch_at == first


def test_relaunch_is_allowed_again_after_48_hours(client, need_with_rows, django_capture_on_commit_callbacks):
    need, *_ = need_with_rows
    Need.objects.filter(pk=need.pk).update(last_relaunch_at=timezone.now() - timedelta(hours=48, minutes=1))
    client.force_login(s.buyer_of(need.organization_id))

    relaunch(client, need, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1


def test_relaunch_after_the_deadline_is_refused(client, need_with_rows, django_capture_on_commit_callbacks):
    need, *_ = need_with_rows
    Need.objects.filter(pk=need.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    client.force_login(s.buyer_of(need.organization_id))

    response = relaunch(client, need, django_capture_on_commit_callbacks)

    assert "La date limite de réponse est passée" in response.content.decode()
    assert mail.outbox == []
    assert Need.objects.get(pk=need.pk).last_relaunch_at is None


def test_relaunch_by_another_organisation_or_a_supplier_is_404(
    client, need_with_rows, django_capture_on_commit_callbacks
):
    need, waiting, _ = need_with_rows
    for intruder in (s.buyer_of(s.need().organization_id), s.member_of(waiting)):
        client.force_login(intruder)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(f"/besoins/{need.uid}/suivi/relancer/").status_code == 404
    assert mail.outbox == []
    assert Need.objects.get(pk=need.pk).last_relaunch_at is None


def test_relaunch_by_get_is_not_allowed(client, need_with_rows):
    need, *_ = need_with_rows
    client.force_login(s.buyer_of(need.organization_id))
    assert client.get(f"/besoins/{need.uid}/suivi/relancer/").status_code == 405
    assert Need.objects.get(pk=need.pk).last_relaunch_at is None
