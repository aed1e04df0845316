"""A verified buyer's tools in one session, in the browser: they search, put two suppliers
in a new list without a page reload, share the list with a colleague (who then reads it),
export it to XLSX (the test opens the file and checks its rows), then open one of the two
from the list and write to it with the "Contacter" form; the message leaves from the
Marché's address with the buyer as Reply-To, and the supplier's member reads it from the
link of the mail in the file mail backend."""

import re

from openpyxl import load_workbook

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.helpers import (
    DEMO_PASSWORD,
    fill_the_login_form,
    marche_mail,
    sign_in_from_the_home_page,
    text_of,
    watch_for_script_problems,
)

BUYER_EMAIL = "acheteur@demo.inclusion.example"
COLLEAGUE_EMAIL = "collegue-acheteuse@demo.inclusion.example"
MEMBER_EMAIL = "employeur@demo.inclusion.example"  # member of Les Jardins Solidaires
LIST_NAME = "Achats responsables 2027"
# Les Jardins Solidaires has a member on Compte inclusion (the one written to); Bois & Cie
# (Atelier Bois & Compagnie) is the second supplier of the list.
WRITTEN_TO = "Les Jardins Solidaires"
WRITTEN_TO_CONTACT = "contact-0019@demo.inclusion.example"
OTHER = "Bois & Cie"
SUBJECT = "Entretien des espaces verts du parc Démo"
BODY = "Bonjour,\nNous cherchons un prestataire pour 2 hectares à partir de mars. Pouvez-vous nous faire un devis ?"

# A colleague: another member of the demo buyer organisation on Compte inclusion.
CREATE_COLLEAGUE = f"""
from django.conf import settings
from django.utils import timezone
from sso.accounts.models import User
from sso.organizations.models import Membership, Organization
user = User.objects.filter(email={COLLEAGUE_EMAIL!r}).first() or User.objects.create_user(
    email={COLLEAGUE_EMAIL!r}, password={DEMO_PASSWORD!r}, first_name="Camille", last_name="Collègue",
    email_verified_at=timezone.now(), terms_accepted_at=timezone.now(), terms_version=settings.TERMS_VERSION)
Membership.objects.get_or_create(user=user, organization=Organization.objects.get(siret="90000004300019", kind="BUYER"))
"""


def add_to_list(page, supplier: str, *, new_name=None, existing=None):
    card = page.get_by_test_id("result").filter(has=page.get_by_role("link", name=supplier, exact=True))
    assert card.count() == 1
    card.get_by_test_id("add-to-list").click()
    dialog = page.locator("dialog#ajout-liste-dialogue")
    dialog.wait_for(state="visible")
    if new_name:
        dialog.locator("#ajout-nouvelle").fill(new_name)
    else:
        dialog.locator("#ajout-liste").select_option(label=existing)
    dialog.get_by_role("button", name="Ajouter à la liste").click()
    dialog.wait_for(state="hidden")
    card.locator("[data-add-to-list-status]").filter(has_text=f"ajouté à la liste « {LIST_NAME} »").wait_for()
    return card


def test_buyer_lists_shares_exports_and_writes_to_a_supplier_whose_member_reads_it(services, browser, tmp_path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    marche = services.marche_url
    services.manage("sso", "shell", "-c", CREATE_COLLEAGUE)
    context = browser.new_context(locale="fr-FR", accept_downloads=True)
    page = context.new_page()
    problems = watch_for_script_problems(page, services)  # lists.js runs under the strict policy

    # 1. The buyer searches and puts two suppliers in a new list, without a reload.
    sign_in_from_the_home_page(page, services, BUYER_EMAIL)
    page.goto(marche + "/recherche/?sort=name")
    page.evaluate("window.__sameDocument = true")
    add_to_list(page, WRITTEN_TO, new_name=LIST_NAME)
    card = add_to_list(page, OTHER, existing=LIST_NAME)
    assert page.evaluate("window.__sameDocument") is True  # no reload
    page.screenshot(path=str(ARTIFACTS / "buyer-lists-added.png"), full_page=True)

    card.get_by_role("link", name="Voir la liste").click()
    page.wait_for_url(re.compile(r".*/listes/\d+/$"))
    list_url = page.url
    assert page.get_by_test_id("list-name").inner_text() == LIST_NAME
    entries = page.get_by_test_id("entry")
    assert sorted(entries.nth(i).locator(".fr-card__title").inner_text() for i in range(entries.count())) == sorted(
        [WRITTEN_TO, OTHER]
    )

    # 2. Shared with the organisation's colleagues, read-only.
    page.locator("label[for=partage-read]").click()
    page.get_by_role("button", name="Enregistrer le partage").click()
    page.wait_for_url(list_url)
    assert "avec les membres de Métropole de Démo" in page.locator(".fr-alert").first.inner_text()

    # 3. Exported to XLSX: the file's rows are the two suppliers, with the contact columns.
    page.get_by_test_id("export-list").click()
    page.locator("label[for=format-xlsx]").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Télécharger le fichier").click()
    download = download_info.value
    assert re.fullmatch(r"liste-achats-responsables-2027-\d{4}-\d{2}-\d{2}-\d{4}\.xlsx", download.suggested_filename)
    path = ARTIFACTS / download.suggested_filename
    download.save_as(path)
    rows = [[cell.value for cell in row] for row in load_workbook(path).active.iter_rows()]
    header = rows[0]
    assert header[:3] == ["Raison sociale", "Enseigne", "SIRET"]
    assert "E-mail de contact" in header  # a verified buyer gets the contact columns
    assert len(rows) == 3
    shown = {row[header.index("Enseigne")] or row[header.index("Raison sociale")] for row in rows[1:]}
    assert shown == {WRITTEN_TO, OTHER}
    contacts = {row[header.index("Raison sociale")]: row[header.index("E-mail de contact")] for row in rows[1:]}
    assert contacts[WRITTEN_TO] == WRITTEN_TO_CONTACT
    page.get_by_text("Fichier prêt").wait_for()

    # The colleague finds the shared list, read-only.
    colleague_context = browser.new_context(locale="fr-FR")
    try:
        colleague = colleague_context.new_page()
        sign_in_from_the_home_page(colleague, services, COLLEAGUE_EMAIL)
        colleague.goto(marche + "/listes/")
        colleague.get_by_test_id("shared-lists").get_by_role("link", name=LIST_NAME).click()
        colleague.wait_for_url(list_url)
        assert colleague.get_by_test_id("entry").count() == 2
        assert colleague.get_by_text("lecture seule").is_visible()
        assert colleague.get_by_role("button", name=re.compile("Retirer de la liste")).count() == 0
        colleague.screenshot(path=str(ARTIFACTS / "buyer-lists-colleague.png"), full_page=True)
    finally:
        colleague_context.close()

    # 4. From the list, the buyer opens one of the two and writes from the "Contacter" form.
    quote = tmp_path / "cahier-des-charges.pdf"
    quote.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.goto(list_url)
    page.get_by_test_id("entry").get_by_role("link", name=WRITTEN_TO, exact=True).click()
    page.wait_for_url(re.compile(re.escape(marche) + r"/fournisseurs/[\w-]+/$"))
    profile_url = page.url
    page.get_by_test_id("contact-button").click()
    page.wait_for_url(profile_url + "contacter/")
    page.get_by_label("Objet").fill(SUBJECT)
    page.get_by_label("Message").fill(BODY)
    page.get_by_label("Pièce jointe (facultative)").set_input_files(str(quote))
    page.get_by_role("button", name="Envoyer le message").click()
    page.wait_for_url(re.compile(rf"{re.escape(marche)}/messages/\d+/$"))
    conversation_url = page.url
    assert f"Votre message a été envoyé à {WRITTEN_TO}" in page.locator(".fr-alert").first.inner_text()
    assert "2 hectares à partir de mars" in page.get_by_test_id("conversation-messages").inner_text()
    page.screenshot(path=str(ARTIFACTS / "contact-sent.png"), full_page=True)
    page.get_by_role("link", name="Tableau de bord").click()
    page.get_by_test_id("dashboard-conversations").get_by_role("link", name=SUBJECT).click()
    page.wait_for_url(conversation_url)
    assert problems == []
    context.close()

    # 5. The mail goes to the supplier's contact address, from us, Reply-To the buyer.
    mail = marche_mail(services, to=WRITTEN_TO_CONTACT, subject=SUBJECT)
    assert str(mail["Reply-To"]) == BUYER_EMAIL
    assert "ne-pas-repondre@" in str(mail["From"])
    assert mail["Cc"] is None
    assert mail["Bcc"] is None
    body = text_of(mail)
    assert "2 hectares à partir de mars" in body
    assert [part.get_filename() for part in mail.iter_attachments()] == ["cahier-des-charges.pdf"]
    link = re.search(r"https?://\S+/messages/\d+/", body).group(0)
    assert link == conversation_url

    # 6. The supplier's member opens the link of the mail and finds the conversation.
    member_context = browser.new_context(locale="fr-FR")
    try:
        member = member_context.new_page()
        member.goto(link)  # signed out: the Marché sends them to Compte inclusion first
        fill_the_login_form(member, MEMBER_EMAIL)
        member.wait_for_url(link)
        assert member.get_by_role("heading", level=1).inner_text() == SUBJECT
        assert "2 hectares à partir de mars" in member.get_by_test_id("conversation-messages").inner_text()
        member.goto(f"{marche}/messages/")
        member.get_by_role("link", name=SUBJECT).click()
        member.wait_for_url(conversation_url)
        member.screenshot(path=str(ARTIFACTS / "contact-read-by-supplier.png"), full_page=True)
    finally:
        member_context.close()
