"""A new buyer's first hour, with both services as real processes: from the Marché's home
to a supplier's contact details, with one sign-up, one e-mail and no second login. The
return address rides through sign-up and the verification mail; the buyer organisation
created on Compte inclusion (verified by its e-mail domain) reaches the Marché at once."""

import re

from stdnum import luhn

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_siae_claim_journey import mail_link

EMAIL = "lea.martin@ville-premiere-heure.fr"
PASSWORD = "Premiere-Heure-Acheteuse-2026!"
WEBSITE = "https://www.ville-premiere-heure.fr"
SUPPLIER_SIRET = "90000002700012"  # Atelier Bois & Compagnie, a demo supplier with contact details


def buyer_siret() -> str:
    siren = "91234567"
    siren += luhn.calc_check_digit(siren)
    base = f"{siren}0001"
    return base + luhn.calc_check_digit(base)


def test_a_new_buyer_goes_from_the_home_page_to_contact_details_without_a_second_login(services, page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    sso, marche = services.sso_url, services.marche_url
    slug = services.manage(
        "marche", "shell", "--no-imports", "-c",
        f"from marche.suppliers.models import Supplier; print(Supplier.objects.get(siret='{SUPPLIER_SIRET}').slug)",
    ).stdout.strip()  # fmt: skip
    login_pages = []

    # 1. From the Marché's home to Compte inclusion's sign-up, the way back kept.
    page.goto(marche + "/")
    page.get_by_role("link", name="Se connecter avec Compte inclusion").click()
    page.wait_for_url(re.compile(r".*/comptes/connexion/.*"))
    page.get_by_role("link", name="Créer un Compte inclusion").click()
    page.wait_for_url(re.compile(r".*/comptes/inscription/\?next=.*"))
    page.locator('input[name="email"]').fill(EMAIL)
    page.locator('input[name="first_name"]').fill("Léa")
    page.locator('input[name="last_name"]').fill("Martin")
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('label[for="id_accept_terms"]').click()  # DSFR draws the box on the label
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url(re.compile(r".*/verifiez-vos-courriels/"))

    # 2. The verification link brings her back to the Marché, signed in.
    page.on("request", lambda r: login_pages.append(r.url) if "/comptes/connexion/" in r.url else None)
    link = mail_link(services, EMAIL, "/comptes/verification/")
    assert "next=" in link
    page.goto(link)
    page.wait_for_url(marche + "/")
    assert page.get_by_test_id("current-user").inner_text() == "Léa Martin"

    # 3. A supplier's profile hides the contact details and says where to go.
    page.goto(f"{marche}/fournisseurs/{slug}/")
    assert page.get_by_test_id("contact").count() == 0
    page.get_by_test_id("attach-buyer-organization").click()
    page.wait_for_url(re.compile(re.escape(sso) + r"/organisations/inscription/acheteur/\?next=.*"))
    page.get_by_label("SIRET").fill(buyer_siret())
    page.get_by_label("Nom de votre organisation").fill("Ville de la première heure")
    page.get_by_label("Site internet de votre organisation").fill(WEBSITE)
    page.get_by_role("button", name="Continuer").click()

    # 4. Back on the same profile, the claims refreshed: the contact details show.
    page.wait_for_url(f"{marche}/fournisseurs/{slug}/")
    assert f"contact-{SUPPLIER_SIRET[-4:]}@demo.inclusion.example" in page.get_by_test_id("contact").inner_text()
    assert login_pages == []
    page.screenshot(path=str(ARTIFACTS / "buyer-first-hour-contact.png"), full_page=True)
