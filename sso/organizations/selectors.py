"""Reads about organisations and memberships."""

from django.db.models import Q, QuerySet

from .kinds import EMPLOYER_KINDS, PRESCRIBER_KINDS, Family, Kind, family_of
from .models import Membership, Organization, ReferenceStructure, StructureClaim


def memberships_of(user) -> QuerySet[Membership]:
    """The person's active memberships of active organisations, by organisation name."""
    return Membership.objects.active().filter(user=user).select_related("organization").order_by("organization__name")


def membership(user, organization) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.active().filter(user=user, organization=organization).first()


def is_admin(user, organization) -> bool:
    found = membership(user, organization)
    return bool(found and found.is_admin)


def families_of(user, exclude: Organization | None = None) -> set[Family]:
    memberships = memberships_of(user)
    if exclude is not None and exclude.pk is not None:
        memberships = memberships.exclude(organization=exclude)
    return {family_of(m.organization.kind) for m in memberships}


def active_reference_structure(siret: str) -> ReferenceStructure | None:
    return ReferenceStructure.objects.filter(siret=siret, is_active=True).first()


def search_authorized_prescribers(query: str, limit: int = 20) -> QuerySet[Organization]:
    """Authorised prescriber organisations matching a name, a SIRET or a place."""
    organizations = Organization.objects.active().of_kinds(PRESCRIBER_KINDS).filter(is_authorized=True)
    query = (query or "").strip()
    if not query:
        return organizations.none()
    digits = query.replace(" ", "")
    return organizations.filter(
        Q(name__icontains=query)
        | Q(siret__startswith=digits)
        | Q(city__icontains=query)
        | Q(postal_code__startswith=digits)
    ).order_by("name")[:limit]


def directory(kind: list[str] | None = None, changed_since=None) -> QuerySet[Organization]:
    """Organisations for relying parties, oldest change first (stable for incremental sync)."""
    organizations = Organization.objects.all()
    if kind:
        organizations = organizations.filter(kind__in=kind)
    if changed_since is not None:
        organizations = organizations.filter(updated_at__gt=changed_since)
    return organizations.order_by("updated_at", "id")


CURRENT_ORGANIZATION_SESSION_KEY = "current_organization"


def current_membership(request) -> Membership | None:
    """The organisation the person works as ("changer de structure"), kept in the session.

    Falls back to the first one when the session names none or one they left.
    """
    if not request.user.is_authenticated:
        return None
    memberships = list(memberships_of(request.user))
    wanted = request.session.get(CURRENT_ORGANIZATION_SESSION_KEY)
    for m in memberships:
        if str(m.organization.public_id) == wanted:
            return m
    return memberships[0] if memberships else None


def organization_for_member(user, public_id) -> tuple[Organization, Membership]:
    """The organisation with this public ID if the person is an active member of it.

    Rule: anyone else gets a 404, as if it did not exist (IDs in URLs reveal nothing).
    """
    from django.http import Http404

    found = memberships_of(user).filter(organization__public_id=public_id).first()
    if found is None:
        raise Http404("Structure introuvable.")
    return found.organization, found


def can_create_antenna(membership: Membership) -> bool:
    """Rule: employer administrators create antennas; prescriber antennas are created by staff."""
    return membership.is_admin and family_of(membership.organization.kind) == Family.EMPLOYER


def organization_page(organization: Organization, membership: Membership) -> dict:
    """What an organisation's page shows to one of its members (join requests: admins only)."""
    from .models import Invitation, JoinRequest

    return {
        # Administrators see who joined and when (the oldest first).
        "members": Membership.objects.active()
        .filter(organization=organization)
        .select_related("user")
        .order_by("joined_at", "user__last_name"),
        "is_verified": is_verified(organization),
        "invitations": Invitation.objects.pending().filter(organization=organization).order_by("-sent_at"),
        "join_requests": JoinRequest.objects.filter(
            organization=organization, status=JoinRequest.Status.PENDING
        ).select_related("user")
        if membership.is_admin
        else [],
        "can_create_antenna": can_create_antenna(membership),
    }


# --- trust: who speaks for a structure ---------------------------------------------------


def has_active_admin(organization: Organization) -> bool:
    """An active administrator whose account is active (a deactivated account speaks for nobody)."""
    return Membership.objects.active().admins().filter(organization=organization, user__is_active=True).exists()


def is_claimable(organization: Organization) -> bool:
    """Rule: an active employer structure without active administrator is claimed with proof."""
    return organization.is_active and organization.kind in EMPLOYER_KINDS and not has_active_admin(organization)


def claim_contact(organization: Organization) -> str:
    """The ASP's technical contact of the structure (its parent's for an antenna), or ""."""
    asp_id = organization.asp_id or (organization.parent.asp_id if organization.parent_id else None)
    if not asp_id:
        return ""
    reference = ReferenceStructure.objects.filter(asp_id=asp_id).first()
    return reference.auth_email if reference else ""


def mask_email(email: str) -> str:
    """``contact@structure.fr`` → ``c•••••@structure.fr``: enough to recognise, not to harvest."""
    if "@" not in email:
        return ""
    local, domain = email.rsplit("@", 1)
    return f"{local[:1]}•••••@{domain}"


def is_verified(organization: Organization) -> bool:
    """What the ``verified`` claim says. Buyers: verified by e-mail domain or staff.
    Employers: yes, since their memberships exist only on proof (ASP contact link, proof
    approved by staff, GEIQ/EA request approved by staff, invitation or approved request).
    Prescribers: when authorised (habilité). Partners: when staff verified them."""
    if organization.kind == Kind.BUYER or family_of(organization.kind) == Family.PARTNER:
        return organization.verified_at is not None
    if organization.kind in EMPLOYER_KINDS:
        return True
    return organization.is_authorized


def pending_claims_of(user) -> QuerySet[StructureClaim]:
    return StructureClaim.objects.pending().filter(user=user).select_related("organization").order_by("-created_at")


def recent_refused_claims_of(user, days: int = 30) -> QuerySet[StructureClaim]:
    from datetime import timedelta

    from django.utils import timezone

    return (
        StructureClaim.objects.filter(
            user=user,
            status=StructureClaim.Status.REFUSED,
            decided_at__gt=timezone.now() - timedelta(days=days),
        )
        .select_related("organization")
        .order_by("-decided_at")
    )
