"""Conversations are anonymised CONTACT_RETENTION_MONTHS after their last message, by an
idempotent command; younger ones are left untouched."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from marche.contact import services
from marche.contact.models import Conversation, Message

from .contact_support import PDF, contactable_supplier, fresh_limits  # noqa: F401
from .factories import buyer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_limits")]


def _conversation(age_days: int, subject: str) -> Conversation:
    conversation = services.contact_supplier(
        buyer=buyer(),
        supplier=contactable_supplier(),
        subject=subject,
        body="Notre besoin : 3 tonnes de compost.",
        attachment=services.Attachment(name="besoin.pdf", content=PDF),
    )
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=timezone.now() - timedelta(days=age_days))
    return Conversation.objects.get(pk=conversation.pk)


def test_conversations_past_the_retention_period_are_anonymised_once(settings, capsys):
    settings.CONTACT_RETENTION_MONTHS = 24
    old = _conversation(age_days=2 * 365 + 10, subject="Vieux devis")
    recent = _conversation(age_days=2 * 365 - 10, subject="Devis récent")
    old_file = Message.objects.get(conversation=old).attachment.name
    storage = Message.objects.get(conversation=old).attachment.storage
    assert storage.exists(old_file)

    call_command("anonymise_conversations", verbosity=0)

    old.refresh_from_db()
    assert old.anonymised_at is not None
    assert (old.buyer, old.buyer_name, old.buyer_email, old.buyer_organization) == (None, "", "", "")
    assert old.subject == "Conversation anonymisée"
    message = old.messages.get()
    assert (message.body, message.author, message.attachment.name, message.attachment_name, message.relayed_to) == (
        "",
        None,
        "",
        "",
        "",
    )
    assert not storage.exists(old_file)
    untouched = Conversation.objects.get(pk=recent.pk)
    assert untouched.anonymised_at is None
    assert untouched.subject == "Devis récent"
    assert untouched.buyer_email == recent.buyer_email
    assert untouched.messages.get().body == "Notre besoin : 3 tonnes de compost."
    assert "1 conversation(s) anonymisée(s)" in capsys.readouterr().out

    first_pass = old.anonymised_at
    call_command("anonymise_conversations", verbosity=0)

    old.refresh_from_db()
    assert old.anonymised_at == first_pass  # idempotent: not touched again
    assert "0 conversation(s) anonymisée(s)" in capsys.readouterr().out
    assert Conversation.objects.get(pk=recent.pk).anonymised_at is None


def test_retention_period_is_a_setting(settings):
    settings.CONTACT_RETENTION_MONTHS = 1
    conversation = _conversation(age_days=40, subject="Un mois")

    assert services.anonymise_expired_conversations() == 1
    conversation.refresh_from_db()
    assert conversation.anonymised_at is not None
    assert services.anonymise_expired_conversations() == 0


def test_anonymised_conversations_leave_both_dashboards(client, settings):
    settings.CONTACT_RETENTION_MONTHS = 1
    conversation = _conversation(age_days=40, subject="Un mois")
    person = conversation.buyer
    services.anonymise_expired_conversations()

    client.force_login(person)
    assert client.get(f"/messages/{conversation.pk}/").status_code == 404
