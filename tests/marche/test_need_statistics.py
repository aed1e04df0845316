"""The editors' statistics page (Wagtail admin, needs.moderate_need) and its CSV export."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from marche.needs.models import Answer, Need, NeedKind, NeedStatus
from tests.marche import need_supplier_support as s

pytestmark = pytest.mark.django_db

URL = "/admin/besoins/statistiques/"


@pytest.fixture
def editor():
    user = s.UserFactory()
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="moderate_need")
    )
    return user


@pytest.fixture
def figures():
    green = s.sector("espaces-verts-test")
    need = s.need(sectors=[green], title="=cmd|' /C calc'!A0", kind=NeedKind.TENDER)
    now = timezone.now()
    for answer in (Answer.INTERESTED, Answer.NOT_INTERESTED):
        s.recipient(need, s.supplier(sectors=[green]), answered_at=now, answer=answer, seen_at=now)
    s.recipient(need, s.supplier(sectors=[green]))
    s.recipient(need, s.supplier(sectors=[green]))
    Need.objects.filter(pk=need.pk).update(
        contract_signed=True, contract_amount=Decimal("5000"), outcome_answered_at=now
    )
    s.need(status=NeedStatus.SUBMITTED, kind=NeedKind.QUOTE)
    old = s.need()
    Need.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=400))
    return need


def test_editor_sees_counts_rates_and_contracts_of_the_period(client, editor, figures):
    client.force_login(editor)

    response = client.get(URL)

    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary["total"] == 2
    assert dict(summary["by_status"])["Publié"] == 1
    assert dict(summary["by_status"])["En attente de validation"] == 1
    assert dict(summary["by_kind"]) == {"Appel d'offres": 1, "Demande de devis": 1, "Projet d'achat": 0}
    assert (summary["notified"], summary["answered"], summary["interested"]) == (4, 2, 1)
    assert summary["response_rate"] == 50.0
    assert (summary["contracts"], summary["contracts_amount"]) == (1, Decimal("5000"))


def test_period_filter_includes_the_old_need(client, editor, figures):
    client.force_login(editor)
    start = (timezone.localdate() - timedelta(days=500)).isoformat()
    assert client.get(URL, {"debut": start}).context["summary"]["total"] == 3


def test_bad_dates_get_a_french_error_not_a_500(client, editor, figures):
    client.force_login(editor)
    response = client.get(URL, {"debut": "2026-13-45", "fin": "x"})
    assert response.status_code == 200
    assert "Date de début invalide" in response.content.decode()


def test_csv_export_is_neutralised(client, editor, figures):
    client.force_login(editor)

    response = client.get(URL, {"format": "csv"})

    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Besoin;Type;Organisation acheteuse")
    assert len(lines) == 2
    assert lines[1].startswith("'=cmd|' /C calc'!A0;Appel d'offres;Métropole de Test;")
    assert lines[1].endswith(";4;2;2;1;1;50.0;oui;5000.00")


def test_without_the_permission_nothing_is_shown(client, figures):
    user = s.UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(URL, {"format": "csv"})
    # Wagtail turns the refusal into a redirect to the admin's home with a message.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert "text/csv" not in response.get("Content-Type", "")
