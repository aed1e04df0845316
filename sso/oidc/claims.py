"""The claims Compte inclusion gives relying parties about a person."""

from sso.organizations.models import Membership
from sso.organizations.selectors import is_verified


def organizations_claim(user) -> list[dict]:
    """Active memberships of active organisations:
    {id, siret, name, kind, is_admin, is_active, verified}.

    ``verified`` says whether the organisation proved who it is (a buyer by its e-mail
    domain or staff; see :func:`sso.organizations.selectors.is_verified`); relying parties
    grant rights by ``id`` and ``kind``, never by SIRET.
    """
    memberships = (
        Membership.objects.active()
        .filter(user=user, user__is_active=True)
        .select_related("organization")
        .order_by("organization__name")
    )
    return [
        {
            "id": str(m.organization.public_id),
            "siret": m.organization.siret,
            "name": m.organization.name,
            "kind": m.organization.kind,
            "is_admin": m.is_admin,
            "is_active": True,
            "verified": is_verified(m.organization),
        }
        for m in memberships
    ]


def claims_for(user) -> dict:
    """Every claim; the validator keeps only those whose scope was granted."""
    return {
        "sub": str(user.uuid),
        "email": user.email,
        "email_verified": user.email_verified,
        "given_name": user.first_name,
        "family_name": user.last_name,
        "organizations": lambda request: organizations_claim(user),
        "linked_accounts": [
            {"source": la.source, "id": la.external_id} for la in user.linked_accounts.order_by("source")
        ],
    }
