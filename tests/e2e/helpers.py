"""Shared steps of the browser journeys: reading the Marché's outgoing mail as the file mail
backend wrote it (``VAR_DIR/mail/marche``), signing in, and watching for script problems."""

import re
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

# Django's file backend writes each message followed by a line of 79 dashes.
SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def marche_mails(services) -> list[EmailMessage]:
    mail_dir = Path(services.env["VAR_DIR"]) / "mail" / "marche"
    messages = []
    for path in sorted(mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime) if mail_dir.exists() else []:
        for raw in path.read_bytes().split(SEPARATOR):
            if raw.strip():
                messages.append(message_from_bytes(raw.strip(), policy=policy.default))
    return messages


def marche_mail(services, *, to: str, subject: str, timeout: float = 20) -> EmailMessage:
    """The only mail to ``to`` whose subject contains ``subject``, polled until it is written
    (a condition with a time limit, not a fixed wait)."""
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in marche_mails(services) if str(m["To"]) == to and subject in str(m["Subject"])]
        if found:
            assert len(found) == 1, f"{len(found)} mails to {to} about {subject!r}"
            return found[0]
        if time.monotonic() > deadline:
            raise AssertionError(f"no mail to {to} about {subject!r} in the Marché's file mail backend")
        time.sleep(0.2)  # polling the mail directory between checks


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def watch_for_script_problems(page, services) -> list[str]:
    """Script errors and Content Security Policy violations on the Marché's pages, collected
    as they happen: the journey asserts the list is empty at the end."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if "Content Security Policy" in message.text and services.sso_url not in message.text
            else None
        ),
    )
    return problems


DEMO_PASSWORD = "Demo-inclusion-2026!"


def fill_the_login_form(page, email: str) -> None:
    """On Compte inclusion's login page (where the Marché sent the person), sign in."""
    page.wait_for_url(re.compile(r".*/comptes/connexion/.*"))
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def sign_in_from_the_home_page(page, services, email: str) -> None:
    page.goto(services.marche_url + "/")
    page.get_by_role("link", name="Se connecter avec Compte inclusion").click()
    fill_the_login_form(page, email)
    page.wait_for_url(services.marche_url + "/")
