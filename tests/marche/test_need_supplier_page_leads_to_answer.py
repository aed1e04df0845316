"""The published need's page (/besoins/<uid>/) leads a member of a supplier the need was
sent to towards the answer page, with the attachments; another supplier's member is told
why they cannot answer, and is not offered the form."""

import pytest

from tests.marche import need_supplier_support as s
from tests.marche.need_support import attach

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    green = s.sector("espaces-verts-lien")
    reached = s.supplier(sectors=[green])
    need = s.need(sectors=[green])
    s.recipient(need, reached)
    attachment = attach(need, name="cahier-des-charges.pdf")
    return need, reached, attachment


def test_member_of_a_recipient_supplier_is_offered_the_answer_page(client, published):
    need, reached, _ = published
    client.force_login(s.member_of(reached))

    page = client.get(f"/besoins/{need.uid}/").content.decode()

    assert f'href="/besoins/{need.uid}/repondre/"' in page
    assert "Répondre à ce besoin" in page


def test_member_of_a_supplier_not_sent_the_need_is_told_why_and_gets_no_answer_link(client, published):
    need, _, _ = published
    client.force_login(s.member_of(s.supplier()))

    page = client.get(f"/besoins/{need.uid}/").content.decode()

    assert "/repondre/" not in page
    assert "n'a pas été envoyé à votre structure" in page


def test_answer_page_lists_the_attachments_with_their_download_link(client, published):
    need, reached, attachment = published
    client.force_login(s.member_of(reached))

    page = client.get(f"/besoins/{need.uid}/repondre/").content.decode()

    assert f"/besoins/{need.uid}/pieces-jointes/{attachment.uid}/" in page
    assert "cahier-des-charges.pdf" in page
