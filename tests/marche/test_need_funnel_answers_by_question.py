"""The funnel shows each interested supplier's answers beside the buyer's questions
(a definition list of question → answer, "—" for a question left blank)."""

import pytest
from django.utils import timezone

from tests.marche import need_supplier_support as s

pytestmark = pytest.mark.django_db


def test_each_answer_is_shown_under_its_question(client):
    green = s.sector("espaces-verts-questions")
    need = s.need(sectors=[green], questions=["Combien de salariés ?", "Quand pouvez-vous commencer ?"])
    supplier = s.supplier(sectors=[green])
    s.recipient(
        need, supplier, answer="interested", answered_at=timezone.now(), question_answers=["Quatre personnes", ""]
    )
    client.force_login(s.buyer_of(need.organization_id))

    page = client.get(f"/besoins/{need.uid}/suivi/").content.decode()

    assert "<dt>Combien de salariés ?</dt><dd>Quatre personnes</dd>" in page
    assert "<dt>Quand pouvez-vous commencer ?</dt><dd>—</dd>" in page
