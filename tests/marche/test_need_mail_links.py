"""The links of a notification mail: the signed link records the opening; the opt-out
link turns the need's sectors off for the supplier (on POST only)."""

import pytest
from django.core import mail

from marche.needs import notifications
from marche.needs.models import NeedRecipient, NotificationOptOut
from tests.marche import need_supplier_support as s

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailed(django_capture_on_commit_callbacks):
    green = s.sector("espaces-verts-test")
    supplier = s.supplier(sectors=[green])
    need = s.need(sectors=[green])
    with django_capture_on_commit_callbacks(execute=True):
        notifications.need_validated(need_id=need.pk)
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/lien/" in line).strip()
    opt_out = next(line for line in body.split() if "/besoins/notifications/" in line).strip()
    return need, supplier, green, link, opt_out


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_mail_link_records_the_opening_once_and_leads_to_the_answer_page(client, mailed):
    need, supplier, green, link, _ = mailed

    response = client.get(path_of(link))

    assert response.status_code == 302
    assert response["Location"] == f"/besoins/{need.uid}/repondre/"
    first = NeedRecipient.objects.get(need=need).mail_opened_at
    assert first is not None
    client.get(path_of(link))
    assert NeedRecipient.objects.get(need=need).mail_opened_at == first


def test_tampered_or_foreign_mail_link_is_404_and_records_nothing(client, mailed):
    need, supplier, green, link, _ = mailed
    other = s.need(sectors=[green])

    assert client.get(path_of(link)[:-3] + "xyz/").status_code == 404
    token = path_of(link).rstrip("/").rsplit("/", 1)[1]
    assert client.get(f"/besoins/{other.uid}/lien/{token}/").status_code == 404
    assert NeedRecipient.objects.get(need=need).mail_opened_at is None


def test_opt_out_link_shows_a_confirmation_and_turns_off_on_post(client, mailed):
    need, supplier, green, _, opt_out = mailed

    response = client.get(path_of(opt_out))
    assert response.status_code == 200
    assert not NotificationOptOut.objects.exists()

    response = client.post(path_of(opt_out), {"sector": [str(green.pk)]})

    assert response.status_code == 200
    assert list(NotificationOptOut.objects.values_list("supplier", "sector")) == [(supplier.pk, green.pk)]


def test_opt_out_post_of_a_sector_outside_the_need_changes_nothing(client, mailed):
    need, supplier, green, _, opt_out = mailed
    other = s.sector("batiment-test")

    response = client.post(path_of(opt_out), {"sector": [str(other.pk), "abc"]})

    assert "Cochez au moins un secteur" in response.content.decode()
    assert not NotificationOptOut.objects.exists()


def test_forged_opt_out_token_is_404(client, mailed):
    assert client.get("/besoins/notifications/forged:token/").status_code == 404
