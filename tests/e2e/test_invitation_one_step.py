"""An invitation accepted in one step, with the provider as a real process: a member
invites a colleague who has no account; the colleague opens the mailed link, fills one
form and is a member, signed in, without a second e-mail."""

import re
import uuid
from pathlib import Path

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_siae_claim_journey import mail_link

ADMIN_EMAIL = "employeur@demo.inclusion.example"
DEMO_PASSWORD = "Demo-inclusion-2026!"
COLLEAGUE = "samir.haddad@jardins-solidaires.example"
COLLEAGUE_PASSWORD = "Jardins-Solidaires-2026!"


def demo_public_id(siret: str, kind: str) -> uuid.UUID:
    """The demo organisations' fixed public IDs (sso.core.management.commands.load_demo)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://demo.inclusion.example/organisations/{kind}/{siret}")


def mails_to(services, to: str) -> int:
    mail_dir = Path(services.env["VAR_DIR"]) / "mail" / "sso"
    if not mail_dir.exists():
        return 0
    return sum(p.read_text(encoding="utf-8").count(f"To: {to}") for p in mail_dir.glob("*.log"))


def test_a_colleague_without_an_account_joins_in_one_step(services, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    sso = services.sso_url
    admin = browser.new_context(locale="fr-FR").new_page()
    admin.goto(sso + "/comptes/connexion/")
    admin.get_by_label("Adresse e-mail").fill(ADMIN_EMAIL)
    admin.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    admin.get_by_role("button", name="Se connecter").click()
    admin.wait_for_url(re.compile(r".*/comptes/mon-compte/"))
    admin.goto(f"{sso}/organisations/{demo_public_id('90000001900019', 'EI')}/")
    admin.get_by_label("Adresse e-mail de votre collègue").fill(COLLEAGUE)
    admin.get_by_role("button", name="Envoyer l'invitation").click()
    link = mail_link(services, COLLEAGUE, "/invitations/")
    assert mails_to(services, COLLEAGUE) == 1
    admin.context.close()

    colleague = browser.new_context(locale="fr-FR")
    page = colleague.new_page()
    try:
        page.goto(link)
        assert COLLEAGUE in page.locator("main").inner_text()
        page.locator('input[name="first_name"]').fill("Samir")
        page.locator('input[name="last_name"]').fill("Haddad")
        page.locator('input[name="password"]').fill(COLLEAGUE_PASSWORD)
        page.locator('label[for="id_accept_terms"]').click()  # DSFR draws the box on the label
        page.get_by_role("button", name="Créer mon compte et rejoindre Les Jardins Solidaires").click()

        page.wait_for_url(re.compile(r".*/organisations/[0-9a-f-]+/"))
        assert page.get_by_text("Bienvenue dans Les Jardins Solidaires !").is_visible()
        page.screenshot(path=str(ARTIFACTS / "invitation-one-step.png"), full_page=True)
        page.goto(sso + "/comptes/mon-compte/")
        assert COLLEAGUE in page.locator("main").inner_text()
        assert mails_to(services, COLLEAGUE) == 1  # no verification mail
    finally:
        colleague.close()
