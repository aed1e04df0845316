"""Needs, part 2 (suppliers' side): a validated need is notified by the task worker; the
matching supplier's member reads the mail in the file mail backend, opens the link and
answers "intéressé"; the buyer sees the supplier in the funnel and downloads the XLSX.

(Part 1, the buyer posting the need and the editor validating it, joins this one.)"""

import email
import io
import re
from email import policy

from openpyxl import load_workbook

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_sso_login import DEMO_EMAIL, DEMO_PASSWORD

BUYER_EMAIL = "acheteur@demo.inclusion.example"
TITLE = "Tonte des parcs municipaux de Lyon"
# Les Jardins Solidaires (demo SIAE of employeur@demo…): horticulture, departments 69 and 01.
SUPPLIER_ADDRESS = "contact-0019@demo.inclusion.example"

SEED = f"""
from datetime import timedelta
from django.utils import timezone
from marche.geography.models import Department
from marche.needs.demo import demo_buyer, demo_buyer_organization_id
from marche.needs.models import Need, NeedStatus, PlaceKind
from marche.needs.notifications import need_validated
from marche.sectors.models import Sector
buyer = demo_buyer()
need = Need.objects.create(
    organization_id=demo_buyer_organization_id(), organization_name="Métropole de Démo", author=buyer,
    kind="quote", title="{TITLE}", description="Trois parcs, de mars à octobre.", place_kind=PlaceKind.DEPARTMENTS,
    deadline=timezone.localdate() + timedelta(days=15), questions=["Combien de salariés en insertion ?"],
    show_buyer_name=True, status=NeedStatus.VALIDATED, validated_at=timezone.now(),
)
need.sectors.set(Sector.objects.filter(slug="horticulture"))
need.departments.set(Department.objects.filter(code="69"))
need_validated(need_id=need.pk)
print(need.uid)
"""


def sign_in(page, address):
    page.wait_for_url(re.compile(r".*/comptes/connexion/.*"))
    page.get_by_label("Adresse e-mail").fill(address)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def the_mail(services) -> str:
    """The notification sent to the supplier, as the file mail backend wrote it."""
    for log in sorted((services.workdir / "var" / "mail" / "marche").glob("*.log")):
        for raw in log.read_text().split("\n" + "-" * 79 + "\n"):
            if not raw.strip():
                continue
            message = email.message_from_string(raw.strip(), policy=policy.default)
            if TITLE in str(message["Subject"]) and SUPPLIER_ADDRESS in str(message["To"]):
                return message.get_body(preferencelist=("plain",)).get_content()
    raise AssertionError("no notification mail for the supplier in the file mail backend")


def test_supplier_answers_from_the_mail_and_buyer_downloads_the_interested(services, page, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    uid = services.manage("marche", "shell", "--no-imports", "-c", SEED).stdout.strip().splitlines()[-1]
    # The worker sends the batch (what `make run`'s worker process does continuously).
    services.manage("marche", "db_worker", "--batch", "--no-startup-delay", "--no-reload")

    body = the_mail(services)
    link = re.search(r"(http\S+/besoins/" + uid + r"/lien/\S+)", body).group(1)
    assert link.startswith(services.marche_url)

    # The supplier's member opens the link, signs in and answers "intéressé".
    page.goto(link)
    sign_in(page, DEMO_EMAIL)
    page.wait_for_url(f"{services.marche_url}/besoins/{uid}/repondre/")
    assert page.locator("h1").inner_text() == TITLE
    # DSFR draws the radio on its label: the person clicks the label.
    page.locator("label[for=interested-yes]").click()
    assert page.get_by_label("Intéressé — mes coordonnées sont transmises à l'acheteur").is_checked()
    page.get_by_label("Message à l'acheteur (facultatif)").fill("Équipe de six personnes, disponible en mars.")
    page.get_by_label("Combien de salariés en insertion ?").fill("6")
    page.get_by_role("button", name="Envoyer ma réponse").click()
    page.wait_for_url(f"{services.marche_url}/besoins/{uid}/repondre/")
    assert "l'acheteur a reçu vos coordonnées" in page.locator(".fr-alert").first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "need-supplier-answered.png"), full_page=True)

    # The buyer, in another browser session, sees the supplier in the funnel and downloads the XLSX.
    context = browser.new_context(locale="fr-FR", accept_downloads=True)
    try:
        buyer_page = context.new_page()
        buyer_page.goto(f"{services.marche_url}/besoins/{uid}/suivi/")
        sign_in(buyer_page, BUYER_EMAIL)
        buyer_page.wait_for_url(f"{services.marche_url}/besoins/{uid}/suivi/")
        assert buyer_page.get_by_test_id("funnel-interested").inner_text() == "1"
        card = buyer_page.get_by_test_id("interested-supplier")
        assert card.count() == 1
        assert "Les Jardins Solidaires" in card.inner_text()
        assert SUPPLIER_ADDRESS in card.inner_text()
        buyer_page.screenshot(path=str(ARTIFACTS / "need-funnel.png"), full_page=True)
        with buyer_page.expect_download() as download_info:
            buyer_page.get_by_role("link", name="Télécharger (XLSX)").click()
        content = download_info.value.path().read_bytes()
    finally:
        context.close()

    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Fournisseur"] == "Les Jardins Solidaires"
    assert row["SIRET"] == "90000001900019"
    assert row["E-mail"] == SUPPLIER_ADDRESS
    assert row["Message"] == "Équipe de six personnes, disponible en mars."
    assert row["Question 1 : Combien de salariés en insertion ?"] == "6"
    assert row["E-mail de la personne"] == DEMO_EMAIL
