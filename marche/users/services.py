"""Writes about the Marché's local users, from Compte inclusion's claims."""

from django.db import transaction

from .models import User


class LoginRefused(Exception):
    """The provider vouched for the person but the Marché refuses them; the message says why, in French."""


def _legacy_marche_id(claims: dict) -> str | None:
    for origin in claims.get("linked_accounts") or []:
        if origin.get("source") == "marche":
            return str(origin.get("id"))
    return None


@transaction.atomic
def user_from_claims(claims: dict) -> User:
    """Find, link or create the local user for verified OIDC claims, and refresh it.

    Rules: the local user is found by ``sub``. Otherwise a user that existed before
    the SSO is linked once: first by its imported ``marche`` origin, else by the same
    verified email; it keeps its data. A local user already linked to another ``sub`` is
    never taken over (a new user is created instead of stealing it, or login is refused
    when the origin says it is theirs). An inactive local user is refused. Names, email
    and organisations are refreshed from the claims at every login.
    """
    sub = claims["sub"]
    user = User.objects.select_for_update().filter(sub=sub).first()
    if user is None:
        user = _link_existing(claims)
    if user is None:
        user = User(sub=sub, username=sub)
    if not user.is_active:
        raise LoginRefused(
            "Votre compte sur le Marché de l'inclusion est désactivé. Contactez le support pour le réactiver."
        )
    user.sub = sub
    user.email = claims.get("email", "")
    user.email_verified = bool(claims.get("email_verified"))
    user.first_name = claims.get("given_name", "")
    user.last_name = claims.get("family_name", "")
    user.organizations = claims.get("organizations") or []
    user.save()
    return user


def _link_existing(claims: dict) -> User | None:
    legacy_id = _legacy_marche_id(claims)
    if legacy_id:
        legacy = User.objects.select_for_update().filter(legacy_id=legacy_id).first()
        if legacy is not None:
            if legacy.sub and legacy.sub != claims["sub"]:
                raise LoginRefused(
                    "Votre ancien compte du Marché est déjà relié à un autre Compte inclusion. "
                    "Contactez le support pour régulariser la situation."
                )
            return legacy
    if claims.get("email_verified") and claims.get("email"):
        return User.objects.select_for_update().filter(sub__isnull=True, email__iexact=claims["email"]).first()
    return None
