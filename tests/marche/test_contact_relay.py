"""A verified buyer's message is relayed to the supplier's contact address, from our
address, with the buyer's address as Reply-To; both sides find the conversation."""

from email.header import decode_header, make_header

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from marche.contact import services
from marche.contact.models import Conversation, Message

from .contact_support import PDF, contactable_supplier, fresh_limits, text  # noqa: F401
from .factories import SupplierFactory, UserFactory, buyer, member_of

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.usefixtures("fresh_limits")]


def _post(client, supplier, **data):
    payload = {"subject": "Devis entretien espaces verts", "body": "Bonjour,\nPouvez-vous nous chiffrer ?"}
    payload.update(data)
    return client.post(f"/fournisseurs/{supplier.slug}/contacter/", payload)


def test_message_is_relayed_to_the_supplier_with_the_buyer_as_reply_to(
    client, settings, django_capture_on_commit_callbacks
):
    supplier = contactable_supplier(name="Atelier Vert")
    person = buyer()
    person.email, person.first_name, person.last_name = "aicha@ville.example", "Aïcha", "Acheteuse"
    person.save()
    client.force_login(person)

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, supplier)

    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/messages/{conversation.pk}/"
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["contact@atelier.example"]
    assert sent.cc == [] and sent.bcc == []
    assert sent.reply_to == ["aicha@ville.example"]
    assert sent.from_email == settings.DEFAULT_FROM_EMAIL
    assert sent.subject == "[Marché de l'inclusion] Devis entretien espaces verts"
    assert "Pouvez-vous nous chiffrer ?" in sent.body
    assert "Aïcha Acheteuse" in sent.body
    assert f"/messages/{conversation.pk}/" in sent.body
    assert conversation.supplier == supplier
    assert conversation.buyer == person
    assert conversation.buyer_email == "aicha@ville.example"
    assert conversation.messages.get().relayed_to == "contact@atelier.example"


def test_attachment_is_relayed_and_kept_privately(client, django_capture_on_commit_callbacks):
    supplier = contactable_supplier()
    client.force_login(buyer())
    upload = SimpleUploadedFile("cahier des charges.pdf", PDF, content_type="application/pdf")

    with django_capture_on_commit_callbacks(execute=True):
        _post(client, supplier, attachment=upload)

    message = Message.objects.get()
    assert message.attachment_name == "cahier des charges.pdf"
    assert message.attachment.read() == PDF
    assert mail.outbox[0].attachments == [("cahier des charges.pdf", PDF, "application/pdf")]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("virus.exe", b"MZ\x90\x00" + b"\x00" * 100, "n'est pas accepté"),
        ("faux.pdf", b"MZ\x90\x00" + b"\x00" * 100, "ne correspond pas à un fichier PDF"),
        ("vide.pdf", b"", "Le fichier soumis est vide"),
    ],
)
def test_attachment_of_a_wrong_type_is_refused_and_nothing_is_sent(client, name, content, reason):
    supplier = contactable_supplier()
    client.force_login(buyer())

    response = _post(client, supplier, attachment=SimpleUploadedFile(name, content))

    assert response.status_code == 200
    assert reason in text(response)
    assert "Devis entretien espaces verts" in text(response)  # what was typed is kept
    assert Conversation.objects.count() == 0
    assert mail.outbox == []


def test_attachment_over_the_size_limit_is_refused(client, settings):
    settings.CONTACT_ATTACHMENT_MAX_BYTES = 1024 * 1024
    supplier = contactable_supplier()
    client.force_login(buyer())

    big = SimpleUploadedFile("gros.pdf", PDF + b"0" * (1024 * 1024))
    response = _post(client, supplier, attachment=big)

    assert "La pièce jointe dépasse 1 Mo" in text(response)
    assert Conversation.objects.count() == 0
    assert mail.outbox == []


def test_subject_with_a_line_break_is_refused_by_the_form(client):
    supplier = contactable_supplier()
    client.force_login(buyer())

    response = _post(client, supplier, subject="Bonjour\r\nBcc: victime@example.com")

    assert response.status_code == 200
    assert "L'objet tient sur une seule ligne" in text(response)
    assert Conversation.objects.count() == 0
    assert mail.outbox == []


def test_service_neutralises_header_injection_in_the_subject(django_capture_on_commit_callbacks):
    supplier = contactable_supplier()
    person = buyer()

    with django_capture_on_commit_callbacks(execute=True):
        conversation = services.contact_supplier(
            buyer=person, supplier=supplier, subject="Devis\r\nBcc: victime@example.com\x00", body="Bonjour"
        )

    assert conversation.subject == "Devis Bcc: victime@example.com"
    sent = mail.outbox[0]
    assert sent.bcc == []
    assert sent.to == ["contact@atelier.example"]
    headers = sent.message()
    assert "Bcc" not in headers
    assert (
        str(make_header(decode_header(headers["Subject"]))) == "[Marché de l'inclusion] Devis Bcc: victime@example.com"
    )


def test_unverified_buyer_cannot_contact_and_sees_the_way_forward(client):
    supplier = contactable_supplier()
    client.force_login(buyer(verified=False))

    response = _post(client, supplier)

    assert response.status_code == 403
    assert "Réservé aux acheteurs dont l'organisation est vérifiée" in text(response)
    assert Conversation.objects.count() == 0
    assert mail.outbox == []


def test_person_without_buyer_organisation_cannot_contact(client):
    supplier = contactable_supplier()
    client.force_login(UserFactory())

    assert _post(client, supplier).status_code == 403
    assert Conversation.objects.count() == 0
    assert mail.outbox == []


def test_anonymous_visitor_is_sent_to_login(client):
    supplier = contactable_supplier()

    response = _post(client, supplier)

    assert response.status_code == 302
    assert response["Location"] == f"/oidc/authenticate/?next=/fournisseurs/{supplier.slug}/contacter/"
    assert Conversation.objects.count() == 0


def test_supplier_without_contact_address_receives_no_message(client):
    supplier = SupplierFactory(contact_email="")
    client.force_login(buyer())

    response = _post(client, supplier)

    assert response.status_code == 403
    assert "ne reçoit pas de messages" in text(response)
    assert Conversation.objects.count() == 0


def test_profile_shows_the_contact_button_to_verified_buyers_only(client):
    supplier = contactable_supplier()
    url = f"/fournisseurs/{supplier.slug}/contacter/"

    anonymous = text(client.get(supplier.get_absolute_url()))
    assert 'data-testid="contact-button"' not in anonymous
    assert f"?next={url}" in anonymous  # the way forward: sign in, then write
    client.force_login(buyer(verified=False))
    assert 'data-testid="contact-button"' not in text(client.get(supplier.get_absolute_url()))
    client.force_login(buyer())
    page = text(client.get(supplier.get_absolute_url()))
    assert f'href="{url}" data-testid="contact-button"' in page


def test_both_sides_find_the_conversation_and_the_supplier_replies_to_the_buyer(
    client, django_capture_on_commit_callbacks
):
    supplier = contactable_supplier(name="Atelier Vert")
    person = buyer()
    person.email = "aicha@ville.example"
    person.save()
    member = member_of(supplier, email="membre@atelier.example")
    with django_capture_on_commit_callbacks(execute=True):
        conversation = services.contact_supplier(buyer=person, supplier=supplier, subject="Devis", body="Bonjour")

    client.force_login(person)
    assert f"/messages/{conversation.pk}/" in text(client.get("/messages/"))
    assert f"/messages/{conversation.pk}/" in text(client.get("/tableau-de-bord/"))
    client.force_login(member)
    assert f"/messages/{conversation.pk}/" in text(client.get("/messages/"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/messages/{conversation.pk}/", {"body": "Avec plaisir, voici notre devis."})

    assert response.status_code == 302
    reply = mail.outbox[-1]
    assert reply.to == ["aicha@ville.example"]
    assert reply.reply_to == ["contact@atelier.example"]
    assert list(conversation.messages.values_list("sender", flat=True)) == ["buyer", "supplier"]
