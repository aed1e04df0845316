"""A buyer sends at most CONTACT_MESSAGES_PER_BUYER messages per window: beyond it,
nothing is saved nor sent, and the buyer is told when to retry, with the text kept."""

import pytest
from django.core import mail

from marche.contact.models import Conversation

from .contact_support import contactable_supplier, fresh_limits, text  # noqa: F401
from .factories import buyer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_limits")]


def _post(client, supplier, subject):
    return client.post(f"/fournisseurs/{supplier.slug}/contacter/", {"subject": subject, "body": "Bonjour"})


def test_messages_beyond_the_limit_are_refused_and_nothing_is_sent(
    client, settings, django_capture_on_commit_callbacks
):
    settings.CONTACT_MESSAGES_PER_BUYER = 2
    settings.CONTACT_WINDOW_SECONDS = 3600
    suppliers = [contactable_supplier() for _ in range(3)]
    client.force_login(buyer())

    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, suppliers[0], "Premier").status_code == 302
        assert _post(client, suppliers[1], "Deuxième").status_code == 302
        refused = _post(client, suppliers[2], "Troisième message")

    assert refused.status_code == 200
    page = text(refused)
    assert "Vous avez atteint la limite de 2 messages" in page
    assert "Votre message n'a pas été envoyé : vous pourrez écrire de nouveau dans" in page
    assert 'value="Troisième message"' in page  # the form keeps what was typed
    assert Conversation.objects.count() == 2
    assert sorted(Conversation.objects.values_list("subject", flat=True)) == ["Deuxième", "Premier"]
    assert len(mail.outbox) == 2


def test_the_limit_is_per_buyer(client, settings, django_capture_on_commit_callbacks):
    settings.CONTACT_MESSAGES_PER_BUYER = 1
    supplier = contactable_supplier()
    first, second = buyer(), buyer()

    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(first)
        assert _post(client, supplier, "Un").status_code == 302
        assert _post(client, supplier, "Deux").status_code == 200
        client.force_login(second)
        assert _post(client, supplier, "Trois").status_code == 302

    assert sorted(Conversation.objects.values_list("subject", flat=True)) == ["Trois", "Un"]
    assert len(mail.outbox) == 2


def test_a_refused_form_does_not_use_up_the_allowance(client, settings, django_capture_on_commit_callbacks):
    settings.CONTACT_MESSAGES_PER_BUYER = 1
    supplier = contactable_supplier()
    client.force_login(buyer())

    assert client.post(f"/fournisseurs/{supplier.slug}/contacter/", {"subject": "", "body": "x"}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, supplier, "Valide").status_code == 302

    assert list(Conversation.objects.values_list("subject", flat=True)) == ["Valide"]
    assert len(mail.outbox) == 1


def test_buyer_replies_count_against_the_same_limit(client, settings, django_capture_on_commit_callbacks):
    settings.CONTACT_MESSAGES_PER_BUYER = 1
    supplier = contactable_supplier()
    client.force_login(buyer())
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, supplier, "Un")
    conversation = Conversation.objects.get()

    response = client.post(f"/messages/{conversation.pk}/", {"body": "Relance"})

    assert response.status_code == 200
    assert "Vous avez atteint la limite de 1 messages" in text(response)
    assert conversation.messages.count() == 1
    assert len(mail.outbox) == 1
