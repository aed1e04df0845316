"""Nobody reads a conversation they are not a party to: not another buyer, not a member of
another supplier, not by guessing ids (pages, replies and attachments alike)."""

import pytest
from django.core import mail

from marche.contact import services
from marche.contact.models import Message

from .contact_support import PDF, contactable_supplier, fresh_limits, text  # noqa: F401
from .factories import UserFactory, buyer, member_of, organization_claim

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_limits")]


@pytest.fixture
def conversation():
    supplier = contactable_supplier(name="Atelier Vert")
    return services.contact_supplier(
        buyer=buyer(),
        supplier=supplier,
        subject="Secret de l'achat",
        body="Budget confidentiel : 40 000 €",
        attachment=services.Attachment(name="budget.pdf", content=PDF),
    )


def _outsiders(conversation):
    other_supplier = contactable_supplier()
    same_siret_buyer = UserFactory(
        organizations=[organization_claim(kind="BUYER", siret=conversation.supplier.siret, verified=True)]
    )
    colleague_buyer = UserFactory(organizations=conversation.buyer.organizations)  # same buyer organisation
    return {
        "another buyer": buyer(),
        "a colleague of the buyer": colleague_buyer,
        "a member of another supplier": member_of(other_supplier),
        "a buyer organisation with the supplier's SIRET": same_siret_buyer,
        "a person without organisation": UserFactory(),
    }


def test_outsiders_get_a_404_on_the_conversation_its_reply_and_its_attachment(client, conversation):
    attachment = Message.objects.get(conversation=conversation)
    mail.outbox.clear()
    for who, person in _outsiders(conversation).items():
        client.force_login(person)
        assert client.get(f"/messages/{conversation.pk}/").status_code == 404, who
        assert client.post(f"/messages/{conversation.pk}/", {"body": "intrusion"}).status_code == 404, who
        assert client.get(f"/messages/pieces-jointes/{attachment.pk}/").status_code == 404, who
        assert "Secret de l'achat" not in text(client.get("/messages/")), who

    assert conversation.messages.count() == 1
    assert mail.outbox == []


def test_anonymous_visitors_are_sent_to_login(client, conversation):
    attachment = Message.objects.get(conversation=conversation)

    for url in (f"/messages/{conversation.pk}/", f"/messages/pieces-jointes/{attachment.pk}/", "/messages/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "Secret" not in response.content.decode()


def test_both_parties_read_the_conversation_and_download_the_attachment(client, conversation):
    attachment = Message.objects.get(conversation=conversation)
    for person in (conversation.buyer, member_of(conversation.supplier)):
        client.force_login(person)
        page = client.get(f"/messages/{conversation.pk}/")
        assert page.status_code == 200
        assert "Budget confidentiel : 40 000 €" in text(page)
        download = client.get(f"/messages/pieces-jointes/{attachment.pk}/")
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF
        assert download["Content-Disposition"] == 'attachment; filename="budget.pdf"'


def test_a_former_member_no_longer_reads_the_suppliers_conversations(client, conversation):
    former = member_of(conversation.supplier)
    former.organizations = [{**former.organizations[0], "is_active": False}]
    former.save()
    client.force_login(former)

    assert client.get(f"/messages/{conversation.pk}/").status_code == 404
