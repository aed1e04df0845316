"""A newcomer claims an unclaimed SIAE of the demo: the claim link goes to the ASP's
contact (read in the file mail backend), the newcomer opens it signed in, becomes
administrator, then edits the supplier profile on the Marché. A buyer organisation with
the same SIRET gives nothing: the edit form answers 404 and the profile is unchanged."""

import re
import time
from pathlib import Path

from tests.e2e.conftest import ARTIFACTS

SIAE_SIRET = "90000005000014"
SIAE_SLUG = "cooperative-demo-sans-membre"
SIAE_CONTACT = "contact@cooperative-demo.inclusion.example"
BUYER_EMAIL = "acheteur@demo.inclusion.example"
DEMO_PASSWORD = "Demo-inclusion-2026!"
NEWCOMER_EMAIL = "nadia.berger@cooperative-demo.inclusion.example"
NEWCOMER_PASSWORD = "Cooperative-Demo-2026!"


def mail_link(services, to: str, path_fragment: str, timeout: float = 20) -> str:
    """The link containing ``path_fragment`` in the latest mail to ``to`` written by the
    provider's file mail backend (polled until it is there)."""
    mail_dir = Path(services.env["VAR_DIR"]) / "mail" / "sso"
    pattern = re.compile(r"https?://\S*" + re.escape(path_fragment) + r"\S*")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = []
        for path in sorted(mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime) if mail_dir.exists() else []:
            for message in path.read_text(encoding="utf-8").split("-" * 79):
                if f"To: {to}" in message:
                    found += pattern.findall(message.split("Content-Type: text/html")[0])
        if found:
            return found[-1]
        time.sleep(0.2)  # polling the mail directory, not waiting for a duration
    raise AssertionError(f"no mail to {to} with {path_fragment!r} in {mail_dir}")


def supplier_brand(services) -> str:
    return (
        services.manage(
            "marche",
            "shell",
            "-c",
            f"from marche.suppliers.models import Supplier; print(repr(Supplier.objects.get(slug='{SIAE_SLUG}').brand))",
        )
        .stdout.strip()
        .splitlines()[-1]
    )  # the shell may first announce its automatic imports


def test_newcomer_claims_an_siae_through_the_asp_contact_and_edits_its_profile(services, page, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    sso, marche = services.sso_url, services.marche_url

    # 1. A newcomer creates an account and confirms the address.
    page.goto(sso + "/comptes/inscription/")
    page.locator('input[name="email"]').fill(NEWCOMER_EMAIL)
    page.locator('input[name="first_name"]').fill("Nadia")
    page.locator('input[name="last_name"]').fill("Berger")
    page.locator('input[name="password"]').fill(NEWCOMER_PASSWORD)
    page.locator('label[for="id_accept_terms"]').click()  # DSFR draws the box on the label
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url(re.compile(r".*/verifiez-vos-courriels/"))
    # The link signs the person in (tests/sso/test_return_address.py).
    page.goto(mail_link(services, NEWCOMER_EMAIL, "/comptes/verification/"))
    page.wait_for_url(re.compile(r".*/comptes/mon-compte/"))

    # 2. The SIAE's SIRET leads to the claim page; nothing is granted on the person's word.
    page.goto(sso + "/organisations/inscription/employeur/")
    page.get_by_label("SIRET").fill(SIAE_SIRET)
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_url(re.compile(r".*/revendiquer/"))
    assert page.get_by_test_id("masked-contact").inner_text() == "c•••••@cooperative-demo.inclusion.example"
    page.screenshot(path=str(ARTIFACTS / "siae-claim-page.png"), full_page=True)
    page.get_by_role("button", name="Envoyer le lien à c•••••@cooperative-demo.inclusion.example").click()
    page.wait_for_url(re.compile(r".*/organisations/$"))
    assert "un lien a été envoyé" in page.get_by_test_id("pending-claims").inner_text()

    # 3. The ASP's contact passes the link on; the claimant opens it signed in.
    page.goto(mail_link(services, SIAE_CONTACT, "/revendications/"))
    page.wait_for_url(re.compile(r".*/organisations/[0-9a-f-]{36}/$"))
    assert "vous êtes administrateur de Coopérative Démo" in page.locator(".fr-alert").first.inner_text()
    assert page.get_by_text("Vous êtes administrateur", exact=True).is_visible()

    # 4. On the Marché, the same person edits the structure's profile.
    page.goto(marche + "/")
    page.get_by_role("link", name="Se connecter avec Compte inclusion").click()
    page.wait_for_url(marche + "/")
    page.get_by_role("link", name="Tableau de bord").click()
    page.wait_for_url(re.compile(rf".*/tableau-de-bord/{SIAE_SLUG}/"))
    page.locator('input[name="brand"]').fill("Coop'Démo")
    page.get_by_role("button", name="Enregistrer la fiche").click()
    page.wait_for_url(re.compile(rf".*/tableau-de-bord/{SIAE_SLUG}/"))
    assert "Fiche enregistrée" in page.locator(".fr-alert").first.inner_text()
    assert supplier_brand(services) == repr("Coop'Démo")
    page.screenshot(path=str(ARTIFACTS / "siae-claimed-profile-edited.png"), full_page=True)

    # 5. A buyer signs up an organisation with the same SIRET: it grants nothing.
    buyer_context = browser.new_context(locale="fr-FR")
    try:
        buyer = buyer_context.new_page()
        buyer.goto(sso + "/comptes/connexion/")
        buyer.get_by_label("Adresse e-mail").fill(BUYER_EMAIL)
        buyer.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
        buyer.get_by_role("button", name="Se connecter").click()
        buyer.wait_for_url(re.compile(r".*/comptes/mon-compte/"))
        buyer.goto(sso + "/organisations/inscription/acheteur/")
        buyer.get_by_label("SIRET").fill(SIAE_SIRET)
        buyer.get_by_label("Nom de votre organisation").fill("Coopérative Démo (achats)")
        buyer.get_by_role("button", name="Continuer").click()
        buyer.wait_for_url(re.compile(r".*/organisations/[0-9a-f-]{36}/$"))

        buyer.goto(marche + "/")
        buyer.get_by_role("link", name="Se connecter avec Compte inclusion").click()
        buyer.wait_for_url(marche + "/")
        response = buyer.goto(f"{marche}/tableau-de-bord/{SIAE_SLUG}/")
        assert response.status == 404
        csrf = next(c["value"] for c in buyer_context.cookies() if c["name"] == "marche_csrftoken")
        posted = buyer_context.request.post(
            f"{marche}/tableau-de-bord/{SIAE_SLUG}/",
            form={"csrfmiddlewaretoken": csrf, "name": "Piratée", "brand": "Piratée", "perimeter_kind": "national"},
            headers={"Referer": f"{marche}/"},
        )
        assert posted.status == 404
        assert supplier_brand(services) == repr("Coop'Démo")
        buyer.goto(f"{marche}/fournisseurs/{SIAE_SLUG}/")
        assert buyer.get_by_role("link", name="Modifier la fiche").count() == 0
        buyer.screenshot(path=str(ARTIFACTS / "buyer-same-siret-cannot-edit.png"), full_page=True)
    finally:
        buyer_context.close()
