"""The claims Compte inclusion gives relying parties about a person."""

from sso.organizations.models import Membership


def organizations_claim(user) -> list[dict]:
    """Active memberships of active organisations: {id, siret, name, kind, is_admin}."""
    memberships = (
        Membership.objects.active().filter(user=user).select_related("organization").order_by("organization__name")
    )
    return [
        {
            "id": str(m.organization.public_id),
            "siret": m.organization.siret,
            "name": m.organization.name,
            "kind": m.organization.kind,
            "is_admin": m.is_admin,
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
