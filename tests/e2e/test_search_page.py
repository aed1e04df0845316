"""A buyer searches suppliers: with JavaScript, filters update the results without a full
reload and the URL keeps the whole state."""

import re

from tests.e2e.conftest import ARTIFACTS


def test_filters_update_results_without_reload_and_the_url_keeps_the_state(services, page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(services.marche_url + "/recherche/")
    page.evaluate("window.__sameDocument = true")
    total = page.locator("#nombre-resultats").inner_text()

    page.locator("label[for=certified]").click()  # the DSFR label covers its checkbox

    page.wait_for_url(re.compile(r".*certified=true.*"))
    page.wait_for_function(f"document.querySelector('#nombre-resultats').innerText !== {total!r}")
    assert page.evaluate("window.__sameDocument") is True  # no full reload
    cards = page.get_by_test_id("result")
    assert cards.count() >= 1
    assert all("fiche certifiée" in cards.nth(i).inner_text().lower() for i in range(cards.count()))
    page.screenshot(path=str(ARTIFACTS / "search-certified.png"), full_page=True)

    # The URL alone gives the same page to someone else.
    shared = page.context.new_page()
    shared.goto(page.url)
    assert shared.locator("#nombre-resultats").inner_text() == page.locator("#nombre-resultats").inner_text()
    shared.close()


def test_keyword_search_works_without_javascript(services, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(services.marche_url + "/recherche/?q=nettoyage")

    # The demo's cleaning company, shown under its brand with its legal name beside it.
    card = page.get_by_test_id("result").filter(has=page.get_by_role("link", name="Net'Lille", exact=True))
    assert card.count() == 1
    assert card.locator(".fr-card__desc").inner_text().startswith("Nettoyage Inclusif Lillois — ")
    assert page.url.endswith("/recherche/?q=nettoyage")  # a plain GET, no script involved
    context.close()


def test_communes_are_suggested_as_you_type_and_the_one_picked_fills_its_insee_code(services, page):
    page.goto(services.marche_url + "/recherche/")

    page.locator("#commune").press_sequentially("Lyo")
    first = page.locator("#communes option").first
    first.wait_for(state="attached")  # a locator wait: the CSP forbids evaluated strings
    suggestion, insee = first.get_attribute("value"), first.get_attribute("data-insee")
    page.locator("#commune").fill(suggestion)

    assert re.fullmatch(r"Lyon.* \(69\)", suggestion)
    assert page.locator("#commune_insee").input_value() == insee
    assert re.fullmatch(r"69\d{3}", insee)
