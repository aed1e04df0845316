"""The buyer's funnel page and its exports: only the buyer's organisation sees them;
contacts only of suppliers that said interested; cells are formula-neutralised."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from marche.needs.models import Answer
from tests.marche import need_supplier_support as s

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered():
    green = s.sector("espaces-verts-test")
    need = s.need(sectors=[green], questions=["Combien de salariés ?"])
    keen = s.supplier(sectors=[green], name='=HYPERLINK("http://x")', email="keen@exemple.fr")
    cold = s.supplier(sectors=[green], name="Froide", email="cold@exemple.fr")
    silent = s.supplier(sectors=[green], name="Muette", email="silent@exemple.fr")
    now = timezone.now()
    s.recipient(
        need, keen, seen_at=now, answered_at=now, answer=Answer.INTERESTED, message="+33 1 02", question_answers=["@12"]
    )
    s.recipient(need, cold, seen_at=now, answered_at=now, answer=Answer.NOT_INTERESTED, not_interested_reason="too_far")
    s.recipient(need, silent)
    return need, keen, cold, silent


def test_buyer_colleague_sees_the_funnel_counts_reasons_and_interested_contacts(client, answered):
    need, keen, cold, silent = answered
    client.force_login(s.buyer_of(need.organization_id))

    response = client.get(f"/besoins/{need.uid}/suivi/")

    assert response.status_code == 200
    counts = response.context["counts"]
    assert (counts["notified"], counts["seen"], counts["interested"], counts["not_interested"], counts["waiting"]) == (
        3,
        2,
        1,
        1,
        1,
    )
    assert counts["reasons"] == [("Trop loin de chez nous", 1)]
    content = response.content.decode()
    assert "keen@exemple.fr" in content
    assert "cold@exemple.fr" not in content and "Froide" not in content
    assert "silent@exemple.fr" not in content


@pytest.mark.parametrize("path", ["suivi/", "suivi/export.csv", "suivi/export.xlsx", "bilan/"])
def test_other_organisations_buyer_and_supplier_of_the_need_get_404(client, answered, path):
    need, keen, cold, silent = answered
    for intruder in (s.buyer_of(s.need().organization_id), s.member_of(keen)):
        client.force_login(intruder)
        assert client.get(f"/besoins/{need.uid}/{path}").status_code == 404


@pytest.mark.parametrize("path", ["suivi/", "suivi/export.xlsx"])
def test_anonymous_is_sent_to_login(client, answered, path):
    need, *_ = answered
    response = client.get(f"/besoins/{need.uid}/{path}")
    assert response.status_code == 302
    assert response["Location"].startswith("/oidc/authenticate/?next=")


def test_xlsx_export_lists_the_interested_suppliers_neutralised(client, answered):
    need, keen, *_ = answered
    client.force_login(s.buyer_of(need.organization_id))

    response = client.get(f"/besoins/{need.uid}/suivi/export.xlsx")

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Fournisseur", "Raison sociale", "SIRET")
    assert rows[0][-1] == "Question 1 : Combien de salariés ?"
    assert len(rows) == 2
    data = dict(zip(rows[0], rows[1], strict=True))
    assert data["Fournisseur"] == '\'=HYPERLINK("http://x")'
    assert data["E-mail"] == "keen@exemple.fr"
    assert data["Message"] == "'+33 1 02"
    assert data["Question 1 : Combien de salariés ?"] == "'@12"


def test_csv_export_has_the_same_rows(client, answered):
    need, keen, *_ = answered
    client.force_login(s.buyer_of(need.organization_id))

    response = client.get(f"/besoins/{need.uid}/suivi/export.csv")

    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2
    assert lines[1].startswith('"\'=HYPERLINK(""http://x"")";')
    assert "keen@exemple.fr" in lines[1]


def test_unknown_export_format_is_404(client, answered):
    need, *_ = answered
    client.force_login(s.buyer_of(need.organization_id))
    assert client.get(f"/besoins/{need.uid}/suivi/export.pdf").status_code == 404
