"""After the deadline the buyer is asked (one mail, a banner) whether a contract was
signed, with which suppliers, for what amount; the answer is stored."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as settings_hypothesis
from hypothesis import strategies as st

from marche.needs import outcome
from marche.needs.models import Need
from tests.marche import need_supplier_support as s

pytestmark = pytest.mark.django_db


@pytest.fixture
def past():
    green = s.sector("espaces-verts-test")
    need = s.need(sectors=[green], deadline_days=-1)
    chosen = s.supplier(sectors=[green], name="Retenue")
    s.recipient(need, chosen)
    return need, chosen


def daily():
    call_command("needs_daily", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_author_is_asked_once_after_the_deadline(past):
    need, _ = past
    s.need(deadline_days=0)  # the deadline day itself: not yet

    daily()
    daily()

    assert [m.to for m in mail.outbox] == [[need.author.email]]
    assert f"/besoins/{need.uid}/bilan/" in mail.outbox[0].body
    assert Need.objects.get(pk=need.pk).outcome_asked_at is not None


def test_banner_on_the_buyers_dashboard_until_the_outcome_is_given(client, past):
    need, chosen = past
    client.force_login(s.buyer_of(need.organization_id))
    assert need.title in client.get("/tableau-de-bord/").content.decode()

    response = client.post(
        f"/besoins/{need.uid}/bilan/", {"signed": "yes", "supplier": [str(chosen.pk)], "amount": "12 500,50"}
    )

    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.contract_signed, need.contract_amount) == (True, Decimal("12500.50"))
    assert list(need.contract_suppliers.all()) == [chosen]
    assert need.outcome_answered_at is not None
    assert 'data-testid="outcome-banner"' not in client.get("/tableau-de-bord/").content.decode()


def test_no_contract_clears_suppliers_and_amount(client, past):
    need, chosen = past
    client.force_login(s.buyer_of(need.organization_id))

    client.post(f"/besoins/{need.uid}/bilan/", {"signed": "no", "supplier": [str(chosen.pk)], "amount": "100"})

    need.refresh_from_db()
    assert (need.contract_signed, need.contract_amount, need.contract_suppliers.count()) == (False, None, 0)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"signed": "yes", "amount": "12"}, "avec quel(s) fournisseur(s)"),
        ({"signed": "yes", "supplier": ["999999"], "amount": "12"}, "parmi ceux qui ont reçu ce besoin"),
        ({"signed": "yes", "supplier": ["abc"]}, "dans la liste"),
        ({"signed": "maybe"}, "Dites si un contrat a été signé"),
        ({"signed": "yes", "supplier": ["SUPPLIER"], "amount": "=1+1"}, "Le montant doit être un nombre"),
        ({"signed": "yes", "supplier": ["SUPPLIER"], "amount": "-5"}, "Le montant doit être un nombre positif"),
    ],
)
def test_bad_outcome_is_refused_keeps_the_input_and_changes_nothing(client, past, data, error):
    need, chosen = past
    data = {k: ([str(chosen.pk)] if v == ["SUPPLIER"] else v) for k, v in data.items()}
    client.force_login(s.buyer_of(need.organization_id))

    response = client.post(f"/besoins/{need.uid}/bilan/", data)

    assert response.status_code == 200
    assert error in response.content.decode()
    need.refresh_from_db()
    assert (need.contract_signed, need.outcome_answered_at) == (None, None)


def test_outcome_before_the_deadline_is_refused(client):
    need = s.need(deadline_days=3)
    client.force_login(s.buyer_of(need.organization_id))

    client.post(f"/besoins/{need.uid}/bilan/", {"signed": "no"})

    need.refresh_from_db()
    assert need.outcome_answered_at is None


def test_outcome_by_another_organisation_is_404(client, past):
    need, chosen = past
    client.force_login(s.buyer_of(s.need().organization_id))

    assert client.post(f"/besoins/{need.uid}/bilan/", {"signed": "no"}).status_code == 404
    need.refresh_from_db()
    assert need.outcome_answered_at is None


def test_other_organisation_sees_no_banner(client, past):
    need, _ = past
    client.force_login(s.buyer_of(s.need().organization_id))
    assert need.title not in client.get("/tableau-de-bord/").content.decode()


def test_answered_outcome_is_never_asked_by_mail(past):
    need, _ = past
    Need.objects.filter(pk=need.pk).update(
        outcome_answered_at=timezone.now() - timedelta(hours=1), contract_signed=False
    )

    daily()

    assert mail.outbox == []


@settings_hypothesis(max_examples=200, deadline=None)
@given(text=st.text(max_size=40))
def test_any_typed_amount_is_a_positive_decimal_or_a_french_error(text):
    try:
        amount = outcome.parse_amount(text)
    except outcome.OutcomeError as error:
        assert str(error).startswith("Le montant doit être un nombre")
    else:
        if set(text) <= {" ", "\u202f", "\xa0", "€"}:
            assert amount is None  # nothing typed but spaces and euro signs: no amount
        else:
            assert amount >= 0
            assert amount == amount.quantize(Decimal("0.01"))
