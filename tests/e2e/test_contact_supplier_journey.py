"""A verified buyer writes to a supplier from its profile; the message leaves from the
Marché's address with the buyer as Reply-To (read in the file mail backend); the
supplier's member opens the link of the mail and reads it, and finds it in their messages."""

import re
import time
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

from tests.e2e.conftest import ARTIFACTS

BUYER_EMAIL = "acheteur@demo.inclusion.example"
MEMBER_EMAIL = "employeur@demo.inclusion.example"
DEMO_PASSWORD = "Demo-inclusion-2026!"
SUPPLIER_SLUG = "les-jardins-solidaires"
SUPPLIER_CONTACT = "contact-0019@demo.inclusion.example"
SUBJECT = "Entretien des espaces verts du parc Démo"
BODY = "Bonjour,\nNous cherchons un prestataire pour 2 hectares à partir de mars. Pouvez-vous nous faire un devis ?"


def sign_in(page, services, email):
    page.goto(services.marche_url + "/")
    page.get_by_role("link", name="Se connecter avec Compte inclusion").click()
    if "/comptes/connexion/" in page.url:
        page.get_by_label("Adresse e-mail").fill(email)
        page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(services.marche_url + "/")


def relayed_mail(services, to: str, subject_part: str, timeout: float = 20):
    """The latest mail to ``to`` whose subject contains ``subject_part``, from the Marché's
    file mail backend (polled until it is there)."""
    mail_dir = Path(services.env["VAR_DIR"]) / "mail" / "marche"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = []
        for path in sorted(mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime) if mail_dir.exists() else []:
            for raw in path.read_bytes().split(b"-" * 79):
                message = message_from_bytes(raw.strip())
                subject = str(make_header(decode_header(message.get("Subject", ""))))
                if message.get("To") == to and subject_part in subject:
                    found.append(message)
        if found:
            return found[-1]
        time.sleep(0.2)  # polling the mail directory, not waiting for a duration
    raise AssertionError(f"no mail to {to} about {subject_part!r} in {mail_dir}")


def _text_part(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


def test_verified_buyer_writes_to_a_supplier_whose_member_reads_it(services, page, browser, tmp_path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    marche = services.marche_url
    quote = tmp_path / "cahier-des-charges.pdf"
    quote.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    # 1. The buyer opens the profile and writes from the "Contacter" form.
    sign_in(page, services, BUYER_EMAIL)
    page.goto(f"{marche}/fournisseurs/{SUPPLIER_SLUG}/")
    page.get_by_test_id("contact-button").click()
    page.wait_for_url(f"{marche}/fournisseurs/{SUPPLIER_SLUG}/contacter/")
    page.get_by_label("Objet").fill(SUBJECT)
    page.get_by_label("Message").fill(BODY)
    page.get_by_label("Pièce jointe (facultative)").set_input_files(str(quote))
    page.get_by_role("button", name="Envoyer le message").click()
    page.wait_for_url(re.compile(rf"{re.escape(marche)}/messages/\d+/$"))
    conversation_url = page.url
    assert "Votre message a été envoyé à Les Jardins Solidaires" in page.locator(".fr-alert").first.inner_text()
    assert "2 hectares à partir de mars" in page.get_by_test_id("conversation-messages").inner_text()
    page.screenshot(path=str(ARTIFACTS / "contact-sent.png"), full_page=True)
    page.get_by_role("link", name="Tableau de bord").click()
    page.get_by_test_id("dashboard-conversations").get_by_role("link", name=SUBJECT).click()
    page.wait_for_url(conversation_url)

    # 2. The mail goes to the supplier's contact address, from us, Reply-To the buyer.
    mail = relayed_mail(services, SUPPLIER_CONTACT, SUBJECT)
    assert mail["Reply-To"] == BUYER_EMAIL
    assert "ne-pas-repondre@" in mail["From"]
    assert mail.get("Cc") is None
    assert mail.get("Bcc") is None
    body = _text_part(mail)
    assert "2 hectares à partir de mars" in body
    attachments = [part.get_filename() for part in mail.walk() if part.get_filename()]
    assert attachments == ["cahier-des-charges.pdf"]
    link = re.search(r"https?://\S+/messages/\d+/", body).group(0)
    assert link == conversation_url

    # 3. The supplier's member opens the link of the mail and finds the conversation.
    member_context = browser.new_context(locale="fr-FR")
    try:
        member = member_context.new_page()
        sign_in(member, services, MEMBER_EMAIL)
        member.goto(link)
        assert member.get_by_role("heading", level=1).inner_text() == SUBJECT
        assert "2 hectares à partir de mars" in member.get_by_test_id("conversation-messages").inner_text()
        member.goto(f"{marche}/messages/")
        member.get_by_role("link", name=SUBJECT).click()
        member.wait_for_url(conversation_url)
        member.screenshot(path=str(ARTIFACTS / "contact-read-by-supplier.png"), full_page=True)
    finally:
        member_context.close()
