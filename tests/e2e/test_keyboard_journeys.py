"""Keyboard only (Tab, Enter; Space ticks a checkbox, Escape closes a modal): the skip link
moves focus to the content, every focused element shows a visible focus ring, a buyer
searches and opens a profile, a person signs up, and the DSFR modal keeps focus inside.
These run under the pages' real Content-Security-Policy (no bypass)."""

import re
import uuid

import pytest
from playwright.sync_api import expect

MAX_TABS = 120


def focus_ring(page) -> dict:
    """How the focused element shows focus (DSFR draws an outline on :focus-visible)."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            // DSFR's enlarged links (cards) draw the ring on their ::before, around the card.
            const rings = [getComputedStyle(el), getComputedStyle(el, '::before')]
                .filter(s => s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0);
            const ring = rings[0] || getComputedStyle(el);
            return {tag: el.tagName, id: el.id, text: (el.innerText || el.value || '').slice(0, 60),
                    outline: ring.outlineStyle, width: parseFloat(ring.outlineWidth) || 0};
        }"""
    )


def assert_focus_visible(page) -> None:
    ring = focus_ring(page)
    assert ring["outline"] != "none", ring
    assert ring["width"] >= 1, ring


def tab_to(page, locator) -> None:
    """Press Tab until ``locator`` has focus, checking the focus ring on the way."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            assert_focus_visible(page)
            return
    pytest.fail(f"{MAX_TABS} Tab presses never reached {locator}")


def test_skip_link_comes_first_and_moves_focus_to_the_main_content(services, page):
    page.goto(services.marche_url + "/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Contenu", exact=True)
    expect(skip).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Enter")

    expect(page.locator("main#contenu")).to_be_focused()
    page.keyboard.press("Tab")  # the next Tab goes on from the content, not from the header
    assert page.locator("main#contenu :focus").count() == 1


def test_a_buyer_searches_and_opens_a_profile_with_the_keyboard_only(services, page):
    page.goto(services.marche_url + "/")

    tab_to(page, page.locator("#q-accueil"))
    page.keyboard.type("menuiserie")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r".*/recherche/\?q=menuiserie.*"))
    first = page.get_by_test_id("result").first.locator("a").first
    first.wait_for()
    tab_to(page, first)
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r".*/fournisseurs/[\w-]+/$"))
    expect(page.locator("main h1")).to_be_visible()


def test_a_person_signs_up_with_the_keyboard_only(services, page):
    email = f"clavier-{uuid.uuid4().hex[:8]}@exemple.fr"
    page.goto(services.sso_url + "/comptes/inscription/")

    for field, text in [
        ("#id_email", email),
        ("#id_first_name", "Claire"),
        ("#id_last_name", "Clavier"),
        ("#id_password", "un mot de passe au clavier"),
    ]:
        tab_to(page, page.locator(field))
        page.keyboard.type(text)
    tab_to(page, page.locator("#id_accept_terms"))
    page.keyboard.press("Space")
    expect(page.locator("#id_accept_terms")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Créer mon compte"))
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r".*/comptes/inscription/verifiez-vos-courriels/.*"))
    created = services.manage(
        "sso", "shell", "--no-imports", "-c",
        "from sso.accounts.models import User; from django.conf import settings; "
        f"u = User.objects.get(email='{email}'); print(u.first_name, u.terms_version == settings.TERMS_VERSION)",
    )  # fmt: skip
    assert created.stdout.strip() == "Claire True"


def test_the_mobile_menu_modal_keeps_focus_inside_until_escape(services, page):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(services.marche_url + "/")
    menu_button = page.locator("#bouton-menu-mobile")

    tab_to(page, menu_button)
    page.keyboard.press("Enter")

    modal = page.locator("#menu-mobile")
    expect(modal).to_have_class(re.compile(r"fr-modal--opened"))
    seen = set()
    for _ in range(15):
        page.keyboard.press("Tab")
        assert page.locator("#menu-mobile :focus").count() == 1, focus_ring(page)
        assert_focus_visible(page)
        seen.add(focus_ring(page)["text"])
    assert {"Rechercher", "Aide"} <= seen  # the navigation is reachable inside the modal
    page.keyboard.press("Escape")

    expect(modal).not_to_have_class(re.compile(r"fr-modal--opened"))
    expect(menu_button).to_be_focused()
