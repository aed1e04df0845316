"""Mails about organisations, in French, with a plain-text part."""

from django.conf import settings
from django.urls import reverse

from sso.accounts.emails import send


def send_invitation(invitation, token: str) -> None:
    send(
        invitation.email,
        f"Invitation à rejoindre {invitation.organization.name}",
        "invitation",
        {
            "invitation": invitation,
            "url": f"{settings.SSO_ISSUER}{reverse('invitations:invitation', args=[token])}",
            "days": settings.INVITATION_VALID_DAYS,
        },
    )


def send_join_request(join_request, admins) -> None:
    url = f"{settings.SSO_ISSUER}{reverse('organizations:detail', args=[join_request.organization.public_id])}"
    for admin in admins:
        send(
            admin.email, "Nouvelle demande de rattachement", "join_request", {"join_request": join_request, "url": url}
        )


def send_join_decision(join_request) -> None:
    send(join_request.user.email, "Votre demande de rattachement", "join_decision", {"join_request": join_request})
