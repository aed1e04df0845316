"""On a phone the search filters open in a DSFR modal (focus kept inside), « Voir N
résultats » closes it on the updated results; on a desktop, or without JavaScript, the filters
stay in the page. Suppliers without a logo show their initials."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def open_page(browser, services, viewport, path="/recherche/", javascript=True):
    context = browser.new_context(locale="fr-FR", viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(services.marche_url + path)
    return context, page


def test_on_a_phone_the_filters_open_in_a_modal_and_voir_n_resultats_shows_the_results(services, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context, page = open_page(browser, services, PHONE)
    try:
        opener, modal = page.locator("#ouvrir-filtres"), page.locator("#filtres")
        page.wait_for_selector("html[data-fr-js='true']", state="attached")  # DSFR's script runs
        # DSFR sets up the modal after its script starts: wait for the filters to be hidden
        # (a condition, with Playwright's own timeout) rather than checking once.
        expect(opener).to_be_visible()
        expect(page.locator("label[for=certified]")).to_be_hidden()
        total_before = int(page.locator("#nombre-resultats").get_attribute("data-total"))

        opener.click()
        page.wait_for_selector("#filtres.fr-modal--opened")
        assert modal.is_visible()
        page.screenshot(path=str(ARTIFACTS / "search-mobile-filters-open.png"))
        # DSFR keeps the focus inside the open modal.
        for _ in range(8):
            page.keyboard.press("Tab")
            assert page.evaluate("document.getElementById('filtres').contains(document.activeElement)")

        page.locator("label[for=certified]").click()  # the DSFR label covers its checkbox
        page.wait_for_url(re.compile(r".*certified=true.*"))
        total = int(page.locator("#nombre-resultats").get_attribute("data-total"))
        assert 0 < total < total_before  # the demo has certified and uncertified suppliers
        button = page.locator("#voir-resultats")
        expected = f"Voir {total} résultat{'s' if total > 1 else ''}"
        page.wait_for_function(f"document.getElementById('voir-resultats').innerText.trim() === {expected!r}")

        button.click()
        page.wait_for_selector("#filtres", state="hidden")
        assert not page.locator("#filtres.fr-modal--opened").count()
        cards = page.get_by_test_id("result")
        assert cards.count() == total
        assert cards.first.is_visible()
        assert all("fiche certifiée" in cards.nth(i).inner_text().lower() for i in range(cards.count()))
        assert "certified=true" in page.url
        assert opener.inner_text().strip() == "Filtres (1 actif)"
        page.screenshot(path=str(ARTIFACTS / "search-mobile-results.png"), full_page=True)
    finally:
        context.close()


def test_on_a_desktop_the_filters_stay_in_the_page(services, browser):
    context, page = open_page(browser, services, DESKTOP)
    try:
        page.wait_for_selector("html[data-fr-js='true']", state="attached")
        assert page.locator("label[for=certified]").is_visible()
        assert page.locator("#filtres .search-filters__submit").is_visible()
        assert not page.locator("#ouvrir-filtres").is_visible()
        assert not page.locator("#voir-resultats").is_visible()
        page.screenshot(path=str(ARTIFACTS / "search-desktop.png"), full_page=True)
    finally:
        context.close()


def test_on_a_phone_without_javascript_the_filters_stay_in_the_page(services, browser):
    context, page = open_page(browser, services, PHONE, javascript=False)
    try:
        assert page.locator("label[for=certified]").is_visible()
        assert not page.locator("#ouvrir-filtres").is_visible()

        page.locator("label[for=certified]").click()
        page.locator("#filtres .search-filters__submit").click()

        page.wait_for_url(re.compile(r".*certified=true.*"))
        cards = page.get_by_test_id("result")
        assert cards.count() >= 1
        assert all("fiche certifiée" in cards.nth(i).inner_text().lower() for i in range(cards.count()))
    finally:
        context.close()


def test_a_supplier_without_a_logo_shows_its_initials_in_a_square(services, browser):
    context, page = open_page(browser, services, PHONE, path="/recherche/?sort=name")
    try:
        placeholders = page.get_by_test_id("logo-initiales")
        assert placeholders.count() >= 1
        first = placeholders.first
        initials = first.inner_text().strip()
        assert re.fullmatch(r"[A-ZÀ-Ý?]{1,2}", initials)
        box = first.bounding_box()
        assert box["width"] >= 60
        assert abs(box["width"] - box["height"]) <= 1

        first.locator("xpath=ancestor::li[1]").get_by_role("link").first.click()
        page.wait_for_url(re.compile(r".*/fournisseurs/.*"))
        on_profile = page.get_by_test_id("logo-initiales")
        assert on_profile.is_visible()
        assert on_profile.inner_text().strip() == initials
        page.screenshot(path=str(ARTIFACTS / "profile-initials.png"))
    finally:
        context.close()
