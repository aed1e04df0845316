from django.conf import settings
from django.db import models

from common.private_storage import private_storage
from marche.suppliers.models import Supplier


class Conversation(models.Model):
    """A buyer's message to a supplier and what follows, relayed by e-mail.

    The buyer's name, address and organisation are copied at sending time (what the
    supplier saw); ``anonymise_expired_conversations`` blanks them, the texts and the
    attachments once the retention period has passed (``anonymised_at`` set).
    """

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="conversations", verbose_name="fournisseur"
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_conversations",
        verbose_name="acheteur",
    )
    buyer_name = models.CharField("nom de l'acheteur", max_length=255, blank=True)
    buyer_email = models.EmailField("e-mail de l'acheteur", blank=True)
    buyer_organization = models.CharField("organisation de l'acheteur", max_length=255, blank=True)
    subject = models.CharField("objet", max_length=200)
    created_at = models.DateTimeField("envoyée le", auto_now_add=True)
    last_message_at = models.DateTimeField("dernier message le", db_index=True)
    anonymised_at = models.DateTimeField("anonymisée le", null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "conversation"
        ordering = ["-last_message_at", "-pk"]

    def __str__(self):
        return self.subject


class Message(models.Model):
    class Sender(models.TextChoices):
        BUYER = "buyer", "acheteur"
        SUPPLIER = "supplier", "fournisseur"

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField("expéditeur", max_length=10, choices=Sender.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField("message", blank=True)
    # Private: read only through a view that checks the person is a party to the conversation.
    attachment = models.FileField(
        "pièce jointe", storage=private_storage, upload_to="contact/%Y/%m/", blank=True, max_length=255
    )
    attachment_name = models.CharField("nom de la pièce jointe", max_length=255, blank=True)
    relayed_to = models.EmailField("relayé à", blank=True)
    created_at = models.DateTimeField("envoyé le", auto_now_add=True)

    class Meta:
        verbose_name = "message"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_sender_display()} — {self.created_at:%d/%m/%Y}"
