"""Under the Content-Security-Policy of each service, the pages people use run their scripts
with no violation: the Marché's home, Compte inclusion's login page and the Wagtail admin
(as an editor). The DSFR's JavaScript must have started on the public pages.

Not counted: a URL of the page's own origin refused by the policy. Our policies always allow
our own origin, so that only happens when the request was redirected to another origin: the
Marché re-checks the session with the provider (mozilla-django-oidc's SessionRefresh) on any
GET once the ID token is older than OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS (4 s in these tests),
including a script like /admin/jsi18n/ that a slow machine loads after that delay."""

import re

import pytest

from tests.e2e.test_editor_and_moderator import log_in_to_the_admin
from tests.e2e.test_sso_login import DEMO_PASSWORD

# Collected in the page itself: Playwright's init scripts run outside the page's policy.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  // A URL of the page's own origin is only ever blocked as the first hop of a redirect to
  // another origin: the Marché's session re-check with the provider (see the module's note).
  let own = false;
  try { own = new URL(event.blockedURI).origin === location.origin; } catch (error) {}
  if (!own) {
    window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`);
  }
});
"""


@pytest.fixture
def watched(page, services):
    """The page, plus every console message that speaks of the Content Security Policy."""
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    page.add_init_script(LISTEN)

    def violations() -> list[str]:
        in_page = page.evaluate("() => window.__cspViolations || []")
        own_origin = page.evaluate("() => location.origin")
        in_console = [
            line
            for line in console
            if ("Content Security Policy" in line or "Refused to" in line)
            and f"'{own_origin}/" not in line
            and f"'{services.sso_url}/o/authorize/" not in line
        ]
        return in_page + in_console

    page.csp_violations = violations
    page.console_lines = console
    return page


def assert_dsfr_started(page) -> None:
    # The DSFR marks <html> once its JavaScript runs; its modal header then answers the menu button.
    page.wait_for_function("() => document.documentElement.hasAttribute('data-fr-js')")
    assert page.evaluate("() => document.documentElement.getAttribute('data-fr-js')") == "true"


def assert_wagtail_scripts_ran(page) -> None:
    # Wagtail's core script defines window.wagtail; its sidebar is a React component it mounts.
    page.wait_for_function("() => typeof window.wagtail === 'object'")
    page.wait_for_selector("[data-wagtail-sidebar] nav, .sidebar nav", state="attached")


def test_marche_home_runs_the_dsfr_with_no_csp_violation(services, watched):
    response = watched.goto(services.marche_url + "/")

    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert_dsfr_started(watched)
    assert watched.csp_violations() == [], watched.console_lines


def test_sso_login_page_runs_the_dsfr_with_no_csp_violation(services, watched):
    response = watched.goto(services.sso_url + "/comptes/connexion/")

    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert_dsfr_started(watched)
    assert watched.csp_violations() == [], watched.console_lines


def test_wagtail_admin_works_for_an_editor_with_no_csp_violation(services, watched):
    log_in_to_the_admin(watched, services, "editeur@demo.inclusion.example")
    assert_wagtail_scripts_ran(watched)
    assert watched.csp_violations() == [], watched.console_lines

    # A page editor (inline panels and widgets with inline scripts, under the admin's policy).
    watched.goto(services.marche_url + "/admin/pages/")
    edit_url = watched.locator('a[href*="/admin/pages/"][href$="/edit/"]').first.get_attribute("href")
    assert re.fullmatch(r"/admin/pages/\d+/edit/", edit_url)
    watched.goto(services.marche_url + edit_url)
    watched.wait_for_selector("form#page-edit-form")
    assert_wagtail_scripts_ran(watched)
    assert watched.csp_violations() == [], watched.console_lines


def test_django_admin_of_compte_inclusion_runs_its_scripts_with_no_csp_violation(services, watched):
    watched.goto(services.sso_url + "/admin/login/")
    watched.locator("#id_username").fill("support@demo.inclusion.example")
    watched.locator("#id_password").fill(DEMO_PASSWORD)
    with watched.expect_navigation():
        watched.locator('input[type="submit"]').click()

    response = watched.goto(services.sso_url + "/admin/accounts/user/")

    assert response.status == 200
    assert "'unsafe-inline'" in response.headers["content-security-policy"]
    # The changelist's action script ran: it counts the selected rows in the action bar.
    watched.locator("#action-toggle").check()
    watched.wait_for_function("() => !document.querySelector('.action-counter').textContent.startsWith('0')")
    assert watched.csp_violations() == [], watched.console_lines
