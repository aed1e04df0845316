"""Needs, part 1 of the journey: a verified buyer posts a need with an attachment through
the form's steps → an editor of the "Besoins" group validates it in the Wagtail admin →
the buyer's need page shows it published, with the link to its follow-up, and the buyer
got the mail. (Part 2, on the suppliers' side, continues from the published need.)"""

import re
import time
from datetime import date, timedelta
from pathlib import Path

from tests.e2e.test_editor_and_moderator import log_in_to_the_admin
from tests.e2e.test_siae_claim_journey import BUYER_EMAIL, DEMO_PASSWORD

EDITOR_EMAIL = "editeur@demo.inclusion.example"
TITLE = "Entretien des espaces verts du parc Blandan"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def marche_mail(services, to: str, subject: str, timeout: float = 20) -> str:
    """The Marché's mail to ``to`` with ``subject`` in the file mail backend (polled)."""
    mail_dir = Path(services.env["VAR_DIR"]) / "mail" / "marche"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in mail_dir.glob("*.log") if mail_dir.exists() else []:
            for message in path.read_text(encoding="utf-8").split("-" * 79):
                if f"To: {to}" in message and subject in message:
                    return message
        time.sleep(0.2)  # polling the mail directory, not waiting for a duration
    raise AssertionError(f"no mail to {to} about {subject!r} in {mail_dir}")


def continue_step(page, step: str):
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer et continuer").click()
    assert "/modifier/" in page.url and page.url.endswith(f"/{step}/"), page.content()[:3000]


def test_buyer_posts_a_need_with_an_attachment_and_an_editor_validates_it(services, browser):
    marche = services.marche_url
    buyer_context = browser.new_context(locale="fr-FR")
    page = buyer_context.new_page()

    # The form first says who may post, then the buyer logs in through Compte inclusion.
    page.goto(marche + "/besoins/deposer/")
    page.get_by_test_id("refusal").get_by_role("link", name="Se connecter avec Compte inclusion").click()
    page.wait_for_url(re.compile(r".*/comptes/connexion/.*"))
    page.get_by_label("Adresse e-mail").fill(BUYER_EMAIL)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(marche + "/besoins/deposer/")

    # 1. Kind and title.
    page.locator('label[for="id_kind_1"]').click()  # Demande de devis
    page.get_by_label("Titre du besoin").fill(TITLE)
    continue_step(page, "secteurs")
    # 2. A whole group of sectors in one go.
    page.locator('label[for="id_groups_0"]').click()
    continue_step(page, "lieu")
    # 3. A commune picked in the commune picker's suggestions.
    page.locator('label[for="id_place_kind_0"]').click()  # Communes
    page.locator("#id_commune").press_sequentially("Lyon 7")
    option = page.locator("#communes-list option").first
    option.wait_for(state="attached")  # a locator wait: the CSP forbids evaluated strings
    page.locator("#id_commune").fill(option.get_attribute("value"))
    continue_step(page, "details")
    # 4. Description, amount, deadline, a question, the buyer's name shown.
    page.get_by_label("Description du besoin").fill(
        "Tonte, taille des haies et ramassage des feuilles, d'avril à octobre."
    )
    page.get_by_label("Montant estimé").select_option("25k_100k")
    page.get_by_label("Date limite de réponse").fill((date.today() + timedelta(days=30)).isoformat())
    page.get_by_label("Questions aux fournisseurs (facultatif)").fill("Combien de salariés en insertion ?")
    page.locator('label[for="id_show_buyer_name"]').click()
    continue_step(page, "pieces-jointes")
    # 5. An attachment.
    page.locator("#id_file").set_input_files(
        files=[{"name": "cahier-des-charges.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Ajouter ce fichier").click()
    assert page.get_by_role("link", name="cahier-des-charges.pdf").is_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Continuer").click()
    # 6. Review: the matching count, then submit.
    assert re.search(r"\d+ fournisseurs? inclusifs? correspond", page.get_by_test_id("matching-count").inner_text())
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer le besoin à l'équipe du Marché").click()
    assert page.get_by_test_id("need-status").text_content() == "En attente de validation"
    need_url = page.url

    # The editor of the "Besoins" group validates it in the Wagtail admin.
    services.manage(
        "marche", "shell", "-c",
        "from django.contrib.auth.models import Group; from marche.users.models import User; "
        f"User.objects.get(email='{EDITOR_EMAIL}').groups.add(Group.objects.get(name='Besoins'))",
    )  # fmt: skip
    editor_context = browser.new_context(locale="fr-FR")
    admin = editor_context.new_page()
    log_in_to_the_admin(admin, services, EDITOR_EMAIL)
    admin.goto(marche + "/admin/besoins/")
    with admin.expect_navigation():
        admin.get_by_role("link", name=TITLE).click()
    assert admin.get_by_role("link", name="cahier-des-charges.pdf").is_visible()
    admin.get_by_label("Valider et publier").check()
    with admin.expect_navigation():
        admin.get_by_role("button", name="Enregistrer la décision").click()
    assert admin.url == marche + "/admin/besoins/"
    editor_context.close()

    # The buyer sees the need published, with its follow-up link, and got the mail.
    page.goto(need_url)
    assert page.get_by_test_id("need-status").text_content() == "Publié"
    uid = need_url.rstrip("/").rsplit("/", 1)[-1]
    assert page.get_by_role("link", name="Suivre les réponses des fournisseurs").get_attribute("href") == (
        f"/besoins/{uid}/suivi/"
    )
    message = marche_mail(services, BUYER_EMAIL, "est publié")
    assert need_url in message
    buyer_context.close()
