"""Writes about conversations: a buyer's message relayed to a supplier, replies, and the
anonymisation of old conversations.

Rules: the e-mail leaves from our address (``DEFAULT_FROM_EMAIL``) with the buyer's
address as Reply-To, so the supplier answers the buyer directly; nothing is saved nor
sent when any check fails (rate limit included); the mail goes after the commit.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import filetype
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from common import ratelimit
from marche.suppliers.models import Supplier

from . import selectors
from .models import Conversation, Message

# Extension → the type the file's first bytes must show (filetype reads them): a renamed
# executable is refused whatever its name says.
ATTACHMENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
SUBJECT_MAX = 200
BODY_MAX = 5000


class ContactRefused(Exception):
    """A refusal a person can act on; ``str(exc)`` is the French reason."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Attachment:
    name: str
    content: bytes


def one_line(text: str) -> str:
    """A subject on one line: line breaks and control characters become spaces, so no
    header can be injected into the relayed e-mail whatever the caller passed."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", text or "").split())


def check_attachment(attachment: Attachment | None) -> None:
    if attachment is None:
        return
    limit = settings.CONTACT_ATTACHMENT_MAX_BYTES
    if len(attachment.content) > limit:
        raise ContactRefused(
            f"La pièce jointe dépasse {limit // (1024 * 1024)} Mo : allégez-la ou envoyez un lien.", "attachment"
        )
    extension = attachment.name.rsplit(".", 1)[-1].lower() if "." in attachment.name else ""
    expected = ATTACHMENT_TYPES.get(extension)
    if expected is None:
        raise ContactRefused(
            "Ce type de pièce jointe n'est pas accepté. Formats acceptés : PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS.",
            "attachment",
        )
    if not attachment.content or filetype.guess_mime(attachment.content) != expected:
        raise ContactRefused(
            f"Le contenu de « {attachment.name[:80]} » ne correspond pas à un fichier {extension.upper()} : "
            "vérifiez le fichier ou exportez-le de nouveau.",
            "attachment",
        )


def _clean_texts(subject: str, body: str) -> tuple[str, str]:
    subject = one_line(subject)
    body = (body or "").replace("\x00", "").strip()
    if not subject:
        raise ContactRefused("Indiquez l'objet de votre message.", "subject")
    if len(subject) > SUBJECT_MAX:
        raise ContactRefused(f"L'objet compte au plus {SUBJECT_MAX} caractères.", "subject")
    if not body:
        raise ContactRefused("Écrivez votre message.", "body")
    if len(body) > BODY_MAX:
        raise ContactRefused(f"Le message compte au plus {BODY_MAX} caractères.", "body")
    return subject, body


def _wait_text(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    if minutes < 60:
        delay = f"{minutes} minute{'s' if minutes > 1 else ''}"
    else:
        hours = -(-minutes // 60)
        delay = f"{hours} heure{'s' if hours > 1 else ''}"
    at = timezone.localtime(timezone.now() + timedelta(seconds=seconds))
    return f"dans {delay} (vers {at:%H}h{at:%M})"


def _count_against_limit(buyer) -> None:
    limit = ratelimit.Limit("contact-buyer", settings.CONTACT_MESSAGES_PER_BUYER, settings.CONTACT_WINDOW_SECONDS)
    refusal = ratelimit.hit((limit, f"user:{buyer.pk}"))
    if refusal is not None:
        raise ContactRefused(
            f"Vous avez atteint la limite de {limit.count} messages aux fournisseurs sur cette période. "
            f"Votre message n'a pas été envoyé : vous pourrez écrire de nouveau {_wait_text(refusal.retry_after)}. "
            "Votre texte est conservé ci-dessous."
        )


def _attach(message: Message, attachment: Attachment | None) -> None:
    if attachment is None:
        return
    from django.core.files.base import ContentFile

    # Stored under a server-made name; the person's file name is kept for display only.
    message.attachment_name = one_line(attachment.name)[:255]
    extension = attachment.name.rsplit(".", 1)[-1].lower()
    message.attachment.save(f"piece-jointe.{extension}", ContentFile(attachment.content), save=False)


def _send(message: Message, *, to: str, reply_to: str, template: str, attachment: Attachment | None) -> None:
    conversation = message.conversation
    context = {
        "conversation": conversation,
        "message": message,
        "supplier": conversation.supplier,
        "site_url": settings.MARCHE_URL.rstrip("/"),
    }
    email = EmailMessage(
        subject=f"[Marché de l'inclusion] {conversation.subject}",
        body=render_to_string(template, context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[reply_to] if reply_to else None,
    )
    if attachment is not None:
        email.attach(
            message.attachment_name,
            attachment.content,
            ATTACHMENT_TYPES[message.attachment_name.rsplit(".", 1)[-1].lower()],
        )
    email.send()


def contact_supplier(
    *, buyer, supplier: Supplier, subject: str, body: str, attachment: Attachment | None = None
) -> Conversation:
    """Start a conversation: saved, then relayed to the supplier's contact address.

    Rules: verified buyers only; a visible supplier with a contact address; subject on
    one line; attachment of an accepted type and size; at most
    ``CONTACT_MESSAGES_PER_BUYER`` messages per buyer per ``CONTACT_WINDOW_SECONDS``
    (checked last, so a refused form does not use up the allowance).
    """
    if not selectors.can_contact(buyer):
        raise ContactRefused("Seuls les acheteurs dont l'organisation est vérifiée peuvent écrire aux fournisseurs.")
    if not selectors.contactable(supplier):
        raise ContactRefused("Ce fournisseur ne reçoit pas de messages par le Marché pour le moment.")
    if not buyer.email:
        raise ContactRefused("Votre compte n'a pas d'adresse e-mail : le fournisseur ne pourrait pas vous répondre.")
    subject, body = _clean_texts(subject, body)
    check_attachment(attachment)
    _count_against_limit(buyer)
    now = timezone.now()
    with transaction.atomic():
        conversation = Conversation.objects.create(
            supplier=supplier,
            buyer=buyer,
            buyer_name=one_line(buyer.get_full_name())[:255],
            buyer_email=buyer.email,
            buyer_organization=selectors.buyer_organization_name(buyer),
            subject=subject,
            last_message_at=now,
        )
        message = Message(
            conversation=conversation,
            sender=Message.Sender.BUYER,
            author=buyer,
            body=body,
            relayed_to=supplier.contact_email,
        )
        _attach(message, attachment)
        message.save()
        transaction.on_commit(
            lambda: _send(
                message,
                to=supplier.contact_email,
                reply_to=buyer.email,
                template="marche/contact/mail_to_supplier.txt",
                attachment=attachment,
            )
        )
    return conversation


def reply(*, author, conversation: Conversation, body: str, attachment: Attachment | None = None) -> Message:
    """Add a message to a conversation the author is a party to, relayed to the other side.

    The buyer's reply goes to the supplier's contact address (Reply-To: the buyer); a
    supplier member's reply goes to the buyer (Reply-To: the supplier's contact address).
    Buyers' replies count against the same limit as new messages.
    """
    conversation = selectors.conversation_for(author, conversation.pk)
    side = selectors.side_of(author, conversation)
    _, body = _clean_texts(conversation.subject, body)
    check_attachment(attachment)
    supplier = conversation.supplier
    if side == "buyer":
        if not selectors.contactable(supplier):
            raise ContactRefused("Ce fournisseur ne reçoit plus de messages par le Marché.")
        _count_against_limit(author)
        to, reply_to, template = supplier.contact_email, conversation.buyer_email, "marche/contact/mail_to_supplier.txt"
    else:
        if not conversation.buyer_email:
            raise ContactRefused("L'acheteur n'a plus d'adresse connue : la conversation ne peut plus continuer.")
        to = conversation.buyer_email
        reply_to = supplier.contact_email or author.email
        template = "marche/contact/mail_to_buyer.txt"
    with transaction.atomic():
        message = Message(
            conversation=conversation,
            sender=Message.Sender.BUYER if side == "buyer" else Message.Sender.SUPPLIER,
            author=author,
            body=body,
            relayed_to=to,
        )
        _attach(message, attachment)
        message.save()
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
        transaction.on_commit(
            lambda: _send(message, to=to, reply_to=reply_to, template=template, attachment=attachment)
        )
    return message


def retention_cutoff(now=None):
    return (now or timezone.now()) - relativedelta(months=settings.CONTACT_RETENTION_MONTHS)


def expired_conversations(now=None):
    """Conversations whose last message is older than the retention period, not yet anonymised."""
    return Conversation.objects.filter(anonymised_at__isnull=True, last_message_at__lt=retention_cutoff(now))


def anonymise_expired_conversations(*, now=None, progress=lambda it, total: it) -> int:
    """Blank the buyer's identity, the subject, the texts and the attachments of every
    conversation past the retention period (``CONTACT_RETENTION_MONTHS``).

    Rule: idempotent (an anonymised conversation is never touched again); what stays is
    the supplier, the dates and the number of messages, for statistics.
    """
    now = now or timezone.now()
    ids = list(expired_conversations(now).values_list("pk", flat=True))
    done = 0
    for pk in progress(ids, len(ids)):
        with transaction.atomic():
            conversation = Conversation.objects.select_for_update().filter(pk=pk, anonymised_at__isnull=True).first()
            if conversation is None:
                continue
            for message in conversation.messages.all():
                if message.attachment:
                    message.attachment.delete(save=False)
                message.body = ""
                message.author = None
                message.attachment = ""
                message.attachment_name = ""
                message.relayed_to = ""
                message.save(update_fields=["body", "author", "attachment", "attachment_name", "relayed_to"])
            conversation.buyer = None
            conversation.buyer_name = ""
            conversation.buyer_email = ""
            conversation.buyer_organization = ""
            conversation.subject = "Conversation anonymisée"
            conversation.anonymised_at = now
            conversation.save(
                update_fields=[
                    "buyer", "buyer_name", "buyer_email", "buyer_organization", "subject", "anonymised_at",
                ]
            )  # fmt: skip
            done += 1
    return done
