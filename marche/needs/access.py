"""Who may see what of a need: the one home of these rules, used by every view, export
and download of marche.needs (buyer side and suppliers' side alike).

The person's organisations are read through marche.suppliers.selectors (the only reader
of the ``organizations`` claim).
"""

from django.utils import timezone

from marche.suppliers import selectors as supplier_selectors

from .models import Need, NeedStatus


def verified_buyer_organizations(user) -> list[dict]:
    """The buyer organisations in whose name the person may post a need (verified only)."""
    return [o for o in supplier_selectors.buyer_organizations(user) if o.get("verified") is True]


def can_post_need(user) -> bool:
    """Rule: only members of a verified buyer organisation post needs."""
    return bool(verified_buyer_organizations(user))


def is_editor(user) -> bool:
    """Editors of the "Besoins" group (or anyone with the permission) moderate needs."""
    return user.is_authenticated and user.is_active and user.has_perm("needs.moderate_need")


def follows(user, need: Need) -> bool:
    """Rule: the buyer's organisation follows its needs (drafts, answers, contacts, exports):
    any active member of the organisation that posted it, whatever its verification today.
    Nobody else, not even editors, sees the suppliers' answers."""
    return any(str(o.get("id")) == str(need.organization_id) for o in supplier_selectors.buyer_organizations(user))


def answering_suppliers(user, need: Need):
    """The suppliers in whose name the person may answer this need: those they may edit
    that were sent it."""
    return supplier_selectors.editable_suppliers(user).filter(need_recipients__need=need)


def is_published(need: Need, today=None) -> bool:
    return need.status == NeedStatus.VALIDATED


def can_read(user, need: Need) -> bool:
    """Who sees a need's page and its attachments: the buyer's organisation at every
    status; editors once submitted; supplier members (any supplier they may edit) only
    once validated. Never an anonymous visitor, a buyer of another organisation or a
    prescriber."""
    if not user.is_authenticated:
        return False
    if follows(user, need):
        return True
    if need.status != NeedStatus.DRAFT and is_editor(user):
        return True
    return is_published(need) and supplier_selectors.editable_suppliers(user).exists()


def is_open(need: Need, today=None) -> bool:
    """Validated and the deadline not passed (the deadline day included)."""
    today = today or timezone.localdate()
    return need.status == NeedStatus.VALIDATED and need.deadline is not None and need.deadline >= today


EDITABLE_STATUSES = (NeedStatus.DRAFT, NeedStatus.CHANGES_REQUESTED)


def can_edit(user, need: Need) -> bool:
    """Who edits a need (its form's steps, its attachments, its submission): a member of
    the buyer's organisation while that organisation is verified, and only while the need
    is a draft or sent back for changes. Submitted, validated or refused needs are frozen."""
    if need.status not in EDITABLE_STATUSES:
        return False
    return any(str(o.get("id")) == str(need.organization_id) for o in verified_buyer_organizations(user))
