"""Descriptions: stored as whitelisted rich text, edited by members as plain paragraphs."""

import re

from django.utils.html import escape, strip_tags
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

FEATURES = ["bold", "italic", "ul", "ol", "link"]
_converter = EditorHTMLConverter(features=FEATURES)


def sanitize(html: str) -> str:
    """Keep only the allowed markup (no script, no event handler, no javascript: link)."""
    return _converter.whitelister.clean(html or "")


def text_to_html(text: str) -> str:
    """Plain text typed by a member → paragraphs, every character escaped."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def html_to_text(html: str) -> str:
    """Stored rich text → the plain paragraphs shown in the member's form."""
    html = re.sub(r"(?i)<br\s*/?>", "\n", html or "")
    html = re.sub(r"(?i)</p>|</li>", "\n\n", html)
    return re.sub(r"\n{3,}", "\n\n", strip_tags(html)).strip()
