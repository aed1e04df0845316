"""No template of either service holds an inline script, an on…= handler or a javascript:
URL: the Content-Security-Policy would block them (page scripts live in static/js/)."""

import re
from pathlib import Path

import pytest

from tests.security_headers import inline_script_offences

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# Mails are read in mail clients, not under our policy.
PAGES = sorted(p for p in TEMPLATES.rglob("*.html") if "emails" not in p.relative_to(TEMPLATES).parts)


def test_there_are_templates_to_check():
    assert len(PAGES) > 20


@pytest.mark.parametrize("template", PAGES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_template_holds_no_inline_script_or_event_handler(template):
    assert inline_script_offences(template.read_text()) == []


@pytest.mark.parametrize("template", PAGES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_template_holds_no_inline_style_attribute(template):
    # style-src 'self' blocks style="…" attributes: the rule belongs in static/css/site.css.
    assert re.findall(r"""\sstyle\s*=\s*["']""", template.read_text()) == []
