""" "Mes besoins": the needs of the person's buyer organisations, with their status; never
another organisation's."""

import pytest

from marche.needs.models import NeedStatus

from .factories import SupplierFactory, member_of
from .need_support import buyer_org, buyer_user, make_need

pytestmark = pytest.mark.django_db


def test_members_see_their_organisations_needs_with_status(client):
    org = buyer_org()
    make_need(org, status=NeedStatus.DRAFT, title="Notre brouillon")
    make_need(org, status=NeedStatus.VALIDATED, title="Notre besoin publié")
    make_need(buyer_org(), status=NeedStatus.VALIDATED, title="Besoin d'une autre ville")
    client.force_login(buyer_user(org))

    content = client.get("/besoins/mes-besoins/").content.decode()

    assert "Notre brouillon" in content and "Brouillon" in content
    assert "Notre besoin publié" in content and "Publié" in content
    assert "autre ville" not in content
    assert 'href="/besoins/deposer/"' in content


def test_a_supplier_member_is_told_the_page_is_for_buyers(client):
    client.force_login(member_of(SupplierFactory()))

    response = client.get("/besoins/mes-besoins/")

    assert response.status_code == 403
    assert "réservé aux acheteurs" in response.content.decode()


def test_anonymous_is_sent_to_log_in(client):
    response = client.get("/besoins/mes-besoins/")

    assert response.status_code == 302 and response["Location"].startswith("/oidc/authenticate/")
