"""Mails about organisations, in French, with a plain-text part."""

from django.conf import settings
from django.urls import reverse

from sso.accounts.emails import send as _send

from .text import one_line


def send(to: str, subject: str, template: str, context: dict) -> None:
    """Rule: a subject is one line, whatever user data it names (a line break in a header is
    refused by Django's mail guard: a 500 for every invitation of such an organisation)."""
    _send(to, one_line(subject), template, context)


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


def send_claim_link(claim, token: str) -> None:
    """To the ASP's technical contact: who asks, for which structure, and the link."""
    from .selectors import mask_email

    send(
        claim.email,
        f"Confirmez l'administrateur de {claim.organization.name}",
        "claim_link",
        {
            "claim": claim,
            "claimant_email": mask_email(claim.user.email),
            "url": f"{settings.SSO_ISSUER}{reverse('claims:confirm', args=[token])}",
            "hours": settings.CLAIM_LINK_HOURS,
        },
    )


def send_claim_decision(claim) -> None:
    send(
        claim.user.email,
        f"Votre demande d'administration de {claim.organization.name}",
        "claim_decision",
        {
            "claim": claim,
            "url": f"{settings.SSO_ISSUER}{reverse('organizations:detail', args=[claim.organization.public_id])}",
            "retry_url": f"{settings.SSO_ISSUER}{reverse('organizations:claim', args=[claim.organization.public_id])}",
        },
    )
