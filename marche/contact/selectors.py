"""Reads about conversations: who may write, who may read which conversation."""

from django.db.models import Q, QuerySet
from django.http import Http404

from marche.suppliers.models import Supplier
from marche.suppliers.selectors import buyer_organizations, editable_suppliers, is_verified_buyer

from .models import Conversation


def can_contact(user) -> bool:
    """Rule: only members of a verified buyer organisation write to suppliers.

    The same rule as the contact details (the supplier answers from its own address, so
    writing reveals it), and it keeps unverified accounts from soliciting suppliers.
    """
    return is_verified_buyer(user)


def contactable(supplier: Supplier) -> bool:
    """A supplier receives messages when visible and with a contact address."""
    return bool(supplier.contact_email) and supplier.is_active and supplier.hidden_at is None


def buyer_organization_name(user) -> str:
    verified = [o for o in buyer_organizations(user) if o.get("verified") is True]
    return str((verified or [{}])[0].get("name") or "")[:255]


def conversations_for(user) -> QuerySet[Conversation]:
    """Rule: the conversations a person is a party to, nobody else's: the ones they
    started as a buyer, and the ones addressed to a supplier they are a member of."""
    if not user.is_authenticated:
        return Conversation.objects.none()
    return (
        Conversation.objects.filter(anonymised_at__isnull=True)
        .filter(Q(buyer=user) | Q(supplier__in=editable_suppliers(user)))
        .select_related("supplier")
    )


def sent_by(user) -> QuerySet[Conversation]:
    return conversations_for(user).filter(buyer=user)


def received_by(user) -> QuerySet[Conversation]:
    return conversations_for(user).exclude(buyer=user)


def conversation_for(user, pk) -> Conversation:
    """One conversation the person is a party to; any other is a 404 (ids reveal nothing)."""
    conversation = conversations_for(user).filter(pk=pk).first()
    if conversation is None:
        raise Http404("Conversation introuvable.")
    return conversation


def side_of(user, conversation: Conversation) -> str:
    return "buyer" if conversation.buyer_id == user.pk else "supplier"
