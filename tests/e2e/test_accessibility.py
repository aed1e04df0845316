"""Accessibility checked by a machine: axe-core (installed from the npm registry by
package.json / package-lock.json, `npm ci`) runs on each main page of both services at
desktop and mobile widths, and any serious or critical violation fails the test (they are
printed). A screenshot of each page at both widths is kept under test-artifacts/.

axe-core is injected with page.add_script_tag, which the pages' strict Content-Security-
Policy would refuse: these contexts, and only these, are opened with bypass_csp=True.
The CSP itself is tested in test_content_security_policy.py.

PAGES is the one table of pages to check: add a row for a new main page (the need form
under /besoins/ belongs to the needs work and gets its row there).
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.conftest import ARTIFACTS, ROOT
from tests.e2e.test_sso_login import DEMO_PASSWORD

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ARTIFACTS / "pages"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 375, "height": 812}}
BLOCKING = {"serious", "critical"}
SIAE_MEMBER = "employeur@demo.inclusion.example"
BUYER = "acheteur@demo.inclusion.example"  # verified buyer of the demo, with a validated need


@dataclass(frozen=True)
class MainPage:
    name: str
    service: str  # "marche" or "sso"
    path: str | Callable  # a path, or a function (page, services) -> path found by browsing
    login: str | None = None  # the demo account to log in with first
    ready: str = "main h1"  # a locator present once the page is complete


def _first_supplier(page, services) -> str:
    page.goto(services.marche_url + "/recherche/")
    return page.get_by_test_id("result").first.locator("a").first.get_attribute("href")


def _first_organisation(page, services) -> str:
    page.goto(services.sso_url + "/organisations/")
    link = page.locator("main a[href^='/organisations/']").filter(has_not_text="Créer").first
    href = link.get_attribute("href")
    assert re.fullmatch(r"/organisations/[0-9a-f-]{36}/", href), href
    return href


def _demo_need_funnel(page, services) -> str:
    page.goto(services.marche_url + "/besoins/mes-besoins/")
    href = page.locator("main td a[href^='/besoins/']").first.get_attribute("href")
    uid = re.search(r"/besoins/([0-9a-f-]{36})/", href)
    assert uid, href
    return f"/besoins/{uid.group(1)}/suivi/"


PAGES = [
    MainPage("marche-home", "marche", "/"),
    MainPage("marche-search-results", "marche", "/recherche/", ready="[data-testid=result]"),
    MainPage("marche-supplier-profile", "marche", _first_supplier),
    MainPage("marche-help-centre", "marche", "/aide/?q=compte"),
    MainPage("marche-accessibility-statement", "marche", "/accessibilite/"),
    MainPage("marche-dashboard", "marche", "/tableau-de-bord/", login=SIAE_MEMBER),
    MainPage("marche-open-needs", "marche", "/besoins/"),
    MainPage("marche-need-form", "marche", "/besoins/deposer/", login=BUYER),
    MainPage("marche-my-needs", "marche", "/besoins/mes-besoins/", login=BUYER),
    MainPage("marche-need-funnel", "marche", _demo_need_funnel, login=BUYER),
    MainPage("marche-received-needs", "marche", "/besoins/recus/", login=SIAE_MEMBER),
    MainPage("marche-lists", "marche", "/listes/", login=BUYER),
    MainPage("marche-messages", "marche", "/messages/", login=BUYER),
    MainPage("marche-supplier-checker", "marche", "/verifier-vos-fournisseurs/"),
    MainPage("sso-signup", "sso", "/comptes/inscription/"),
    MainPage("sso-login", "sso", "/comptes/connexion/"),
    MainPage("sso-account", "sso", "/comptes/mon-compte/", login=SIAE_MEMBER),
    MainPage("sso-organisation", "sso", _first_organisation, login=SIAE_MEMBER),
]


def log_in(page, services, service: str, email: str) -> None:
    if service == "marche":
        page.goto(services.marche_url + "/")
        page.get_by_role("link", name="Se connecter avec Compte inclusion").click()
    else:
        page.goto(services.sso_url + "/comptes/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    base = services.marche_url if service == "marche" else services.sso_url
    page.wait_for_url(re.compile(re.escape(base) + r"/.*"))
    page.locator("footer").wait_for()


def blocking_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations'],"
        " runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    # axe really ran: it found rules that pass (an empty answer would hide a broken injection).
    assert len(results["passes"]) > 10, results
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [node["target"] for node in v["nodes"]][:5],
            "html": [node["html"][:200] for node in v["nodes"]][:3],
        }
        for v in results["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.fixture
def axe_context(browser):
    assert AXE.exists(), "axe-core is missing: run `npm ci` (make install does)"
    context = browser.new_context(locale="fr-FR", bypass_csp=True, viewport=WIDTHS["desktop"])
    yield context
    context.close()


@pytest.mark.parametrize("main_page", PAGES, ids=lambda p: p.name)
def test_main_page_has_no_serious_or_critical_axe_violation(services, axe_context, main_page):
    page = axe_context.new_page()
    if main_page.login:
        log_in(page, services, main_page.service, main_page.login)
    path = main_page.path(page, services) if callable(main_page.path) else main_page.path
    base = services.marche_url if main_page.service == "marche" else services.sso_url
    SHOTS.mkdir(parents=True, exist_ok=True)

    found = {}
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        page.goto(base + path)
        page.locator(main_page.ready).first.wait_for()
        page.screenshot(path=str(SHOTS / f"{main_page.name}-{width}.png"), full_page=True)
        violations = blocking_violations(page)
        if violations:
            found[width] = violations

    if found:
        print(json.dumps(found, indent=2, ensure_ascii=False))
    assert found == {}, f"{main_page.name} ({path}): " + json.dumps(found, ensure_ascii=False)[:3000]


def test_the_check_fails_on_a_page_with_a_critical_violation(axe_context):
    page = axe_context.new_page()
    page.set_content(
        '<html lang="fr"><head><title>t</title></head><body><main><h1>Titre</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p>texte</p><a href="/a">a</a>'
        "<button></button></main></body></html>"
    )

    found = {v["id"] for v in blocking_violations(page)}

    assert {"image-alt", "button-name"} <= found


def test_axe_core_is_the_pinned_version_from_the_lockfile():
    lock = json.loads((ROOT / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/axe-core"]["version"]
    installed = json.loads((ROOT / "node_modules" / "axe-core" / "package.json").read_text())["version"]

    assert installed == pinned
    assert json.loads((ROOT / "package.json").read_text())["dependencies"]["axe-core"] == pinned
    assert Path(AXE).stat().st_size > 100_000
