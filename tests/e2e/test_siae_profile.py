"""A demo SIAE member logs in through Compte inclusion, completes the profile, uploads a
logo and sees the certification badge appear."""

import io
import re

from PIL import Image

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_sso_login import DEMO_EMAIL, DEMO_PASSWORD

DESCRIPTION = " ".join(
    ["Nous cultivons des légumes biologiques et entretenons des espaces verts avec des salariés en insertion."] * 8
)


def log_in_on_the_marche(page, services):
    page.goto(services.marche_url + "/")
    page.get_by_role("link", name="Se connecter avec Compte inclusion").click()
    if "/comptes/connexion/" in page.url:
        page.get_by_label("Adresse e-mail").fill(DEMO_EMAIL)
        page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(services.marche_url + "/")


def test_siae_member_completes_the_profile_and_gets_the_badge(services, page, tmp_path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    logo = tmp_path / "logo.png"
    buffer = io.BytesIO()
    Image.new("RGB", (240, 240), (0, 120, 60)).save(buffer, format="PNG")
    logo.write_bytes(buffer.getvalue())

    log_in_on_the_marche(page, services)
    page.get_by_role("link", name="Tableau de bord").click()
    page.wait_for_url(re.compile(r".*/tableau-de-bord/les-jardins-solidaires/"))
    checklist = page.get_by_test_id("checklist")
    assert "Pour obtenir la certification" in checklist.inner_text()
    assert page.get_by_test_id("certified-badge").count() == 0

    page.locator('textarea[name="description"]').fill(DESCRIPTION)
    page.get_by_label("Logo").set_input_files(str(logo))
    page.get_by_role("button", name="Enregistrer la fiche").click()

    page.wait_for_url(re.compile(r".*/tableau-de-bord/les-jardins-solidaires/"))
    assert "Elle est certifiée" in page.locator(".fr-alert").first.inner_text()
    assert page.get_by_test_id("certified-badge").is_visible()
    page.screenshot(path=str(ARTIFACTS / "siae-dashboard-certified.png"), full_page=True)

    page.get_by_role("link", name="Voir la fiche publique").click()
    assert page.get_by_test_id("certified-badge").is_visible()
    assert page.get_by_role("img", name="Logo de Les Jardins Solidaires").is_visible()
    page.screenshot(path=str(ARTIFACTS / "supplier-profile.png"), full_page=True)
