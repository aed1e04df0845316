"""A verified buyer searches, puts two suppliers in a new list without a page reload,
shares the list with a colleague (who then reads it), and exports it to XLSX: the test
opens the downloaded file and checks its rows."""

import re

from openpyxl import load_workbook

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_sso_login import DEMO_PASSWORD

BUYER_EMAIL = "acheteur@demo.inclusion.example"
COLLEAGUE_EMAIL = "collegue-acheteuse@demo.inclusion.example"
LIST_NAME = "Achats responsables 2027"

# A colleague: another member of the demo buyer organisation on Compte inclusion.
CREATE_COLLEAGUE = f"""
from django.utils import timezone
from sso.accounts.models import User
from sso.organizations.models import Membership, Organization
user = User.objects.filter(email={COLLEAGUE_EMAIL!r}).first() or User.objects.create_user(
    email={COLLEAGUE_EMAIL!r}, password={DEMO_PASSWORD!r}, first_name="Camille", last_name="Collègue",
    email_verified_at=timezone.now(), terms_accepted_at=timezone.now())
Membership.objects.get_or_create(user=user, organization=Organization.objects.get(siret="90000004300019", kind="BUYER"))
"""


def log_in(page, services, email):
    page.goto(services.marche_url + "/")
    page.get_by_role("link", name="Se connecter avec Compte inclusion").click()
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(services.marche_url + "/")


def add_to_list(page, card_index, *, new_name=None, existing=None):
    card = page.get_by_test_id("result").nth(card_index)
    name = card.locator(".fr-card__title").inner_text()
    card.get_by_test_id("add-to-list").click()
    dialog = page.locator("dialog#ajout-liste-dialogue")
    dialog.wait_for(state="visible")
    if new_name:
        dialog.locator("#ajout-nouvelle").fill(new_name)
    else:
        dialog.locator("#ajout-liste").select_option(label=existing)
    dialog.get_by_role("button", name="Ajouter à la liste").click()
    dialog.wait_for(state="hidden")
    status = card.locator("[data-add-to-list-status]")
    status.filter(has_text=f"ajouté à la liste « {LIST_NAME} »").wait_for()
    return name


def test_buyer_saves_two_suppliers_to_a_new_list_shares_it_and_exports_it(services, browser, page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    services.manage("sso", "shell", "-c", CREATE_COLLEAGUE)
    problems: list[str] = []  # lists.js must run under the strict policy, without errors
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if "Content Security Policy" in message.text and services.sso_url not in message.text
            else None
        ),
    )

    log_in(page, services, BUYER_EMAIL)
    page.goto(services.marche_url + "/recherche/?sort=name")
    page.evaluate("window.__sameDocument = true")
    first = add_to_list(page, 0, new_name=LIST_NAME)
    second = add_to_list(page, 1, existing=LIST_NAME)
    assert page.evaluate("window.__sameDocument") is True  # no reload
    page.screenshot(path=str(ARTIFACTS / "buyer-lists-added.png"), full_page=True)

    page.get_by_test_id("result").nth(1).get_by_role("link", name="Voir la liste").click()
    page.wait_for_url(re.compile(r".*/listes/\d+/$"))
    list_url = page.url
    assert page.get_by_test_id("list-name").inner_text() == LIST_NAME
    assert page.get_by_test_id("entry").count() == 2

    page.locator("label[for=partage-read]").click()
    page.get_by_role("button", name="Enregistrer le partage").click()
    page.wait_for_url(list_url)
    assert "avec les membres de Métropole de Démo" in page.locator(".fr-alert").first.inner_text()

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
    shown = {row[header.index("Enseigne")] or row[header.index("Raison sociale")] for row in rows[1:]}
    assert shown == {first, second}
    page.get_by_text("Fichier prêt").wait_for()
    assert problems == []

    colleague = browser.new_context(locale="fr-FR")
    colleague_page = colleague.new_page()
    try:
        log_in(colleague_page, services, COLLEAGUE_EMAIL)
        colleague_page.goto(services.marche_url + "/listes/")
        colleague_page.get_by_test_id("shared-lists").get_by_role("link", name=LIST_NAME).click()
        assert colleague_page.url == list_url
        assert colleague_page.get_by_test_id("entry").count() == 2
        assert colleague_page.get_by_text("lecture seule").is_visible()
        assert colleague_page.get_by_role("button", name=re.compile("Retirer de la liste")).count() == 0
        colleague_page.screenshot(path=str(ARTIFACTS / "buyer-lists-colleague.png"), full_page=True)
    finally:
        colleague.close()
