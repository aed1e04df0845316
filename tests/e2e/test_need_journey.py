"""One need from start to end, in the browser: a verified buyer posts it with an attachment
through the form's steps → an editor of the "Besoins" group validates it in the Wagtail
admin → the task worker notifies the matching suppliers → the member of one of them (Les
Jardins Solidaires: horticulture in departments 69 and 01) reads the mail in the file mail
backend, opens its link, downloads the attachment and answers "intéressé" → the buyer, in
the same session as at the start, sees the supplier in the funnel and downloads the XLSX,
whose rows the test reads with openpyxl."""

import io
import re
from datetime import date, timedelta

from openpyxl import load_workbook

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.helpers import fill_the_login_form, marche_mail, text_of, watch_for_script_problems

BUYER_EMAIL = "acheteur@demo.inclusion.example"
EDITOR_EMAIL = "editeur@demo.inclusion.example"  # in the "Besoins" group in the demo
MEMBER_EMAIL = "employeur@demo.inclusion.example"  # member of Les Jardins Solidaires
SUPPLIER_NAME = "Les Jardins Solidaires"
SUPPLIER_SIRET = "90000001900019"
SUPPLIER_ADDRESS = "contact-0019@demo.inclusion.example"
TITLE = "Entretien des espaces verts du parc Blandan"
QUESTION = "Combien de salariés en insertion ?"
MESSAGE = "Équipe de six personnes, disponible en mars."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def continue_step(page, step: str):
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer et continuer").click()
    assert "/modifier/" in page.url and page.url.endswith(f"/{step}/"), page.content()[:3000]


def post_the_need(page, marche: str) -> int:
    """The buyer's steps, from the form's refusal (not signed in) to the submission.
    Returns how many suppliers the review step said match."""
    page.goto(marche + "/besoins/deposer/")
    page.get_by_test_id("refusal").get_by_role("link", name="Se connecter avec Compte inclusion").click()
    fill_the_login_form(page, BUYER_EMAIL)
    page.wait_for_url(marche + "/besoins/deposer/")

    # 1. Kind and title.
    page.locator('label[for="id_kind_1"]').click()  # Demande de devis
    page.get_by_label("Titre du besoin").fill(TITLE)
    continue_step(page, "secteurs")
    # 2. A whole group of sectors in one go: Agro-Alimentaire holds Horticulture.
    page.get_by_text("Tout le groupe « Agro-Alimentaire »", exact=True).click()
    continue_step(page, "lieu")
    # 3. A commune (in department 69) picked in the commune picker's suggestions.
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
    page.get_by_label("Questions aux fournisseurs (facultatif)").fill(QUESTION)
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
    count = re.fullmatch(
        r"(\d+) fournisseurs? inclusifs? correspond(?:ent)? à votre besoin",
        page.get_by_test_id("matching-count").locator(".fr-callout__title").inner_text().strip(),
    )
    assert count, page.get_by_test_id("matching-count").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer le besoin à l'équipe du Marché").click()
    assert page.get_by_test_id("need-status").text_content() == "En attente de validation"
    return int(count.group(1))


def validate_in_the_admin(browser, services):
    """The demo editor (in the "Besoins" group) validates the need in the Wagtail admin."""
    marche = services.marche_url
    context = browser.new_context(locale="fr-FR")
    try:
        admin = context.new_page()
        admin.goto(marche + "/admin/")
        fill_the_login_form(admin, EDITOR_EMAIL)
        admin.wait_for_url(re.compile(re.escape(marche) + r"/admin/.*"))
        admin.goto(marche + "/admin/besoins/")
        with admin.expect_navigation():
            admin.get_by_role("link", name=TITLE).click()
        assert admin.get_by_role("link", name="cahier-des-charges.pdf").is_visible()
        admin.get_by_label("Valider et publier").check()
        with admin.expect_navigation():
            admin.get_by_role("button", name="Enregistrer la décision").click()
        assert admin.url == marche + "/admin/besoins/"
    finally:
        context.close()


def test_buyer_posts_a_need_editor_validates_supplier_answers_from_the_mail_buyer_exports(services, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    marche = services.marche_url
    buyer_context = browser.new_context(locale="fr-FR", accept_downloads=True)
    buyer = buyer_context.new_page()
    buyer_problems = watch_for_script_problems(buyer, services)

    # The buyer posts the need; it waits for the editors.
    matching = post_the_need(buyer, marche)
    assert matching >= 1
    need_url = buyer.url
    uid = need_url.rstrip("/").rsplit("/", 1)[-1]

    validate_in_the_admin(browser, services)

    # The buyer sees it published, with the link to its follow-up, and got the mail.
    buyer.goto(need_url)
    assert buyer.get_by_test_id("need-status").text_content() == "Publié"
    assert buyer.get_by_role("link", name="Suivre les réponses des fournisseurs").get_attribute("href") == (
        f"/besoins/{uid}/suivi/"
    )
    assert need_url in text_of(marche_mail(services, to=BUYER_EMAIL, subject="est publié"))

    # The validation queued the notification: the worker sends it (what `make run`'s worker
    # process does continuously), to every matching supplier, Les Jardins Solidaires among them.
    services.manage("marche", "db_worker", "--batch", "--no-startup-delay", "--no-reload")
    notification = marche_mail(services, to=SUPPLIER_ADDRESS, subject=TITLE)
    body = text_of(notification)
    assert "Métropole de Démo" in body  # the buyer chose to show its name
    link = re.search(r"(http\S+/besoins/" + uid + r"/lien/\S+)", body).group(1)
    assert link.startswith(marche)

    # The supplier's member opens the link, signs in, reads the attachment, answers "intéressé".
    member_context = browser.new_context(locale="fr-FR")
    try:
        member = member_context.new_page()
        member_problems = watch_for_script_problems(member, services)
        member.goto(link)
        fill_the_login_form(member, MEMBER_EMAIL)
        member.wait_for_url(f"{marche}/besoins/{uid}/repondre/")
        assert member.locator("h1").inner_text() == TITLE
        attachment = member.get_by_role("link", name=re.compile(r"^cahier-des-charges\.pdf"))
        download = member.request.get(marche + attachment.get_attribute("href"))
        assert download.status == 200
        assert download.body() == PDF
        # DSFR draws the radio on its label: the person clicks the label.
        member.locator("label[for=interested-yes]").click()
        assert member.get_by_label("Intéressé — mes coordonnées sont transmises à l'acheteur").is_checked()
        member.get_by_label("Message à l'acheteur (facultatif)").fill(MESSAGE)
        member.get_by_label(QUESTION).fill("6")
        member.get_by_role("button", name="Envoyer ma réponse").click()
        member.wait_for_url(f"{marche}/besoins/{uid}/repondre/")
        assert "l'acheteur a reçu vos coordonnées" in member.locator(".fr-alert").first.inner_text()
        member.screenshot(path=str(ARTIFACTS / "need-supplier-answered.png"), full_page=True)
        assert member_problems == []
    finally:
        member_context.close()

    # The buyer, still in the session they posted the need from, follows the answers.
    try:
        buyer.get_by_role("link", name="Suivre les réponses des fournisseurs").click()
        buyer.wait_for_url(f"{marche}/besoins/{uid}/suivi/")
        assert buyer.get_by_test_id("funnel-notified").inner_text() == str(matching)
        assert buyer.get_by_test_id("funnel-opened").inner_text() == "1"
        assert buyer.get_by_test_id("funnel-interested").inner_text() == "1"
        card = buyer.get_by_test_id("interested-supplier")
        assert card.count() == 1
        assert SUPPLIER_NAME in card.inner_text()
        assert SUPPLIER_ADDRESS in card.inner_text()
        buyer.screenshot(path=str(ARTIFACTS / "need-funnel.png"), full_page=True)
        with buyer.expect_download() as download_info:
            buyer.get_by_role("link", name="Télécharger (XLSX)").click()
        content = download_info.value.path().read_bytes()
        assert buyer_problems == []
    finally:
        buyer_context.close()

    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Fournisseur"] == SUPPLIER_NAME
    assert row["SIRET"] == SUPPLIER_SIRET
    assert row["E-mail"] == SUPPLIER_ADDRESS
    assert row["Message"] == MESSAGE
    assert row[f"Question 1 : {QUESTION}"] == "6"
    assert row["E-mail de la personne"] == MEMBER_EMAIL
