"""Both services start as real processes and their home pages render in a real browser."""

import json
import urllib.request

from tests.e2e.conftest import ARTIFACTS


def test_both_home_pages_render_in_the_browser(services, page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    page.goto(services.marche_url + "/")
    assert page.locator("h1").first.inner_text() == "Achetez auprès des structures inclusives"
    assert page.locator("header .fr-header__service-title").inner_text() == "Le Marché de l'inclusion"
    assert page.get_attribute("html", "lang") == "fr"
    page.screenshot(path=str(ARTIFACTS / "marche-home.png"), full_page=True)

    page.goto(services.sso_url + "/")
    assert page.locator("h1").first.inner_text() == "Compte inclusion"
    page.screenshot(path=str(ARTIFACTS / "sso-home.png"), full_page=True)


def test_both_services_report_healthy_databases(services):
    for url in (services.marche_url, services.sso_url):
        with urllib.request.urlopen(f"{url}/healthz") as response:
            body = json.load(response)
        assert response.status == 200
        assert body["checks"]["database"]["status"] == "ok"
