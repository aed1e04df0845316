"""A supplier member answers a need: interested (message, answers to questions) or not
(with a reason); only members of a recipient supplier, once, before the deadline."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marche.needs.models import Answer, NeedRecipient
from tests.marche import need_supplier_support as s

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    green = s.sector("espaces-verts-test")
    supplier = s.supplier(sectors=[green])
    need = s.need(sectors=[green], questions=["Combien de salariés ?"])
    row = s.recipient(need, supplier)
    return need, supplier, row


def url(need):
    return f"/besoins/{need.uid}/repondre/"


def test_member_sees_the_need_and_seen_at_is_recorded(client, setting):
    need, supplier, row = setting
    client.force_login(s.member_of(supplier))

    response = client.get(url(need))

    assert response.status_code == 200
    assert need.title in response.content.decode()
    row.refresh_from_db()
    assert row.seen_at is not None
    assert row.answered_at is None


def test_member_answers_interested_with_message_and_question_answers(client, setting):
    need, supplier, row = setting
    member = s.member_of(supplier)
    client.force_login(member)

    response = client.post(
        url(need),
        {"structure": supplier.slug, "interested": "yes", "message": "Disponibles dès lundi", "question_0": "12"},
    )

    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.answer, row.message, row.question_answers, row.answered_by) == (
        Answer.INTERESTED,
        "Disponibles dès lundi",
        ["12"],
        member,
    )
    assert row.answered_at is not None


def test_member_answers_not_interested_with_a_reason(client, setting):
    need, supplier, row = setting
    client.force_login(s.member_of(supplier))

    client.post(url(need), {"structure": supplier.slug, "interested": "no", "reason": "too_far"})

    row.refresh_from_db()
    assert (row.answer, row.not_interested_reason, row.question_answers) == (Answer.NOT_INTERESTED, "too_far", [])


@pytest.mark.parametrize("reason", ["", "made-up", "<script>"])
def test_not_interested_without_a_known_reason_is_refused_and_keeps_the_message(client, setting, reason):
    need, supplier, row = setting
    client.force_login(s.member_of(supplier))

    response = client.post(
        url(need), {"structure": supplier.slug, "interested": "no", "reason": reason, "message": "mon texte"}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Choisissez la raison" in content
    assert "mon texte" in content
    row.refresh_from_db()
    assert row.answered_at is None and row.answer == ""


def test_second_answer_is_refused_and_changes_nothing(client, setting):
    need, supplier, row = setting
    client.force_login(s.member_of(supplier))
    client.post(url(need), {"structure": supplier.slug, "interested": "yes", "message": "premier"})

    response = client.post(url(need), {"structure": supplier.slug, "interested": "no", "reason": "too_far"})

    assert response.status_code == 200
    row.refresh_from_db()
    assert (row.answer, row.message) == (Answer.INTERESTED, "premier")


def test_answer_after_the_deadline_is_refused(client, setting):
    need, supplier, row = setting
    need.deadline = timezone.localdate() - timedelta(days=1)
    need.save()
    client.force_login(s.member_of(supplier))

    response = client.post(url(need), {"structure": supplier.slug, "interested": "yes"})

    assert "La date limite de réponse est passée" in response.content.decode()
    row.refresh_from_db()
    assert row.answered_at is None


def test_member_of_a_supplier_that_was_not_sent_the_need_gets_404(client, setting):
    need, supplier, row = setting
    stranger = s.supplier(sectors=[])
    client.force_login(s.member_of(stranger))

    assert client.get(url(need)).status_code == 404
    assert client.post(url(need), {"structure": stranger.slug, "interested": "yes"}).status_code == 404
    assert client.post(url(need), {"structure": supplier.slug, "interested": "yes"}).status_code == 404
    row.refresh_from_db()
    assert row.answered_at is None and row.seen_at is None
    assert not NeedRecipient.objects.filter(supplier=stranger).exists()


def test_member_answering_for_another_supplier_by_slug_answers_only_for_their_own(client, setting):
    need, supplier, row = setting
    mine = s.supplier(sectors=[])
    my_row = s.recipient(need, mine)
    client.force_login(s.member_of(mine))

    client.post(url(need), {"structure": supplier.slug, "interested": "no", "reason": "other"})

    row.refresh_from_db()
    my_row.refresh_from_db()
    assert row.answered_at is None
    assert my_row.answer == Answer.NOT_INTERESTED


def test_buyer_of_the_need_and_anonymous_cannot_answer(client, setting):
    need, supplier, row = setting
    assert client.get(url(need)).status_code == 302  # to the login
    client.force_login(need.author)
    assert client.post(url(need), {"structure": supplier.slug, "interested": "yes"}).status_code == 404
    row.refresh_from_db()
    assert row.answered_at is None


def test_unknown_need_uid_is_404(client, setting):
    need, supplier, row = setting
    client.force_login(s.member_of(supplier))
    assert client.get("/besoins/00000000-0000-0000-0000-000000000000/repondre/").status_code == 404
    assert client.get("/besoins/pas-un-uid/repondre/").status_code == 404


def test_too_long_message_is_refused_and_changes_nothing(client, setting):
    need, supplier, row = setting
    client.force_login(s.member_of(supplier))

    response = client.post(url(need), {"structure": supplier.slug, "interested": "yes", "message": "x" * 5001})

    assert "Votre message est trop long" in response.content.decode()
    row.refresh_from_db()
    assert row.answered_at is None


def test_answer_without_choosing_interested_or_not_is_refused(client, setting):
    need, supplier, row = setting
    client.force_login(s.member_of(supplier))

    response = client.post(url(need), {"structure": supplier.slug, "interested": "peut-être", "message": "gardé"})

    content = response.content.decode()
    assert "Dites si ce besoin vous intéresse ou non." in content
    assert "gardé" in content
    row.refresh_from_db()
    assert row.answered_at is None
