"""An editor logged in through Compte inclusion publishes a page in Wagtail; a moderator
hides a supplier, which then disappears from search."""

import re

from tests.e2e.test_sso_login import DEMO_PASSWORD


def log_in_to_the_admin(page, services, email):
    page.goto(services.marche_url + "/admin/")
    page.wait_for_url(re.compile(r".*/comptes/connexion/.*"))
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(re.escape(services.marche_url) + r"/admin/.*"))


def test_editor_edits_and_publishes_a_page(services, page):
    log_in_to_the_admin(page, services, "editeur@demo.inclusion.example")
    page_id = services.manage(
        "marche", "shell", "--no-imports", "-c", "from marche.home.models import ContentPage; print(ContentPage.objects.get(slug='clause-sociale').pk)"
    ).stdout.strip().splitlines()[-1]  # fmt: skip

    page.goto(f"{services.marche_url}/admin/pages/{page_id}/edit/")
    page.locator("#id_intro").fill("Chapô revu par l'équipe éditoriale.")
    # "Publier" sits in the footer's dropdown; a DOM click submits the form with its name.
    with page.expect_navigation():
        page.locator('button[name="action-publish"]').evaluate("button => button.click()")
    assert "/edit/" not in page.url, page.content()[:3000]

    page.goto(services.marche_url + "/clause-sociale/")
    assert "Chapô revu par l'équipe éditoriale." in page.content()


def test_moderator_hides_a_supplier_which_leaves_search(services, browser):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    log_in_to_the_admin(page, services, "support@demo.inclusion.example")
    supplier_id = services.manage(
        "marche", "shell", "--no-imports", "-c", "from marche.suppliers.models import Supplier; print(Supplier.objects.get(siret='90000006800016').pk)"
    ).stdout.strip().splitlines()[-1]  # fmt: skip
    page.goto(services.marche_url + "/recherche/?q=lillois")
    assert (
        "Nettoyage Inclusif Lillois" in page.locator("#resultats").inner_text()
        or "Net'Lille" in page.locator("#resultats").inner_text()
    )

    page.goto(f"{services.marche_url}/admin/supplier_admin/{supplier_id}/moderation/")
    page.get_by_label("Motif du masquage").fill("Fiche signalée par un acheteur")
    page.get_by_role("button", name="Masquer de la recherche").click()
    page.wait_for_load_state()

    page.goto(services.marche_url + "/recherche/?q=lillois")
    assert "Aucun fournisseur ne correspond" in page.locator("#resultats").inner_text()

    # Show it again: the browser tests share one set of services.
    page.goto(f"{services.marche_url}/admin/supplier_admin/{supplier_id}/moderation/")
    page.get_by_role("button", name="Réafficher dans la recherche").click()
    page.wait_for_load_state()
    context.close()
