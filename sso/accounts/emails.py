"""Mails about accounts, in French, each with a plain-text part and an HTML part."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse


def _absolute(path: str, next_url: str = "") -> str:
    """An address of ours; ``next_url`` (already checked by sso.oidc.selectors.safe_return_url)
    rides along, so the link brings the person back where they were going."""
    return f"{settings.SSO_ISSUER}{path}" + (f"?{urlencode({'next': next_url})}" if next_url else "")


def send(to: str, subject: str, template: str, context: dict) -> None:
    context = {**context, "site_url": settings.SSO_ISSUER}
    text = render_to_string(f"sso/emails/{template}.txt", context)
    html = render_to_string("sso/emails/base.html", {**context, "body": text, "subject": subject})
    message = EmailMultiAlternatives(f"{subject} — Compte inclusion", text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()


def send_verification(user, token: str, next_url: str = "") -> None:
    send(
        user.email,
        "Confirmez votre adresse e-mail",
        "verify_email",
        {
            "user": user,
            "url": _absolute(reverse("accounts:verify_email", args=[token]), next_url),
            "hours": settings.ACCOUNT_VERIFICATION_LINK_HOURS,
        },
    )


def send_already_registered(user) -> None:
    send(
        user.email,
        "Vous avez déjà un compte",
        "already_registered",
        {
            "user": user,
            "login_url": _absolute(reverse("accounts:login")),
            "reset_url": _absolute(reverse("accounts:password_reset")),
        },
    )


def send_password_reset(user, token: str, next_url: str = "") -> None:
    send(
        user.email,
        "Réinitialisez votre mot de passe",
        "password_reset",
        {
            "user": user,
            "url": _absolute(reverse("accounts:password_reset_confirm", args=[token]), next_url),
            "hours": settings.ACCOUNT_PASSWORD_RESET_LINK_HOURS,
        },
    )


def send_email_change(user, new_email: str, token: str) -> None:
    send(
        new_email,
        "Confirmez votre nouvelle adresse e-mail",
        "email_change",
        {
            "user": user,
            "new_email": new_email,
            "url": _absolute(reverse("accounts:email_change_confirm", args=[token])),
            "hours": settings.ACCOUNT_EMAIL_CHANGE_LINK_HOURS,
        },
    )


def send_email_change_to_taken_address(owner, requester) -> None:
    send(owner.email, "Demande de changement d'adresse", "email_change_taken", {"user": owner})


def send_email_changed_notice(user, old_email: str) -> None:
    send(old_email, "Votre adresse e-mail a été modifiée", "email_changed", {"user": user, "old_email": old_email})


def send_no_account(email: str) -> None:
    """Someone asked for a link for an address without an active account: tell its owner, with the way forward."""
    send(
        email,
        "Aucun compte actif avec cette adresse",
        "no_account",
        {
            "email": email,
            "signup_url": _absolute(reverse("accounts:signup")),
            "login_url": _absolute(reverse("accounts:login")),
        },
    )
