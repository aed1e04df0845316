"""Descriptions: stored as whitelisted rich text, edited by members as plain paragraphs."""

import html
import re

from django.utils.html import escape, strip_tags
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

FEATURES = ["bold", "italic", "ul", "ol", "link"]
_converter = EditorHTMLConverter(features=FEATURES)


def sanitize(html: str) -> str:
    """Keep only the allowed markup (no script, no event handler, no javascript: link)."""
    return _converter.whitelister.clean(html or "")


def text_to_html(text: str) -> str:
    """Plain text typed by a member → paragraphs, every character escaped.
    Browsers send line breaks as CRLF: they are one line break, not a character to keep."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def html_to_text(markup: str) -> str:
    """Stored rich text → the plain paragraphs shown in the member's form.

    Rule: the inverse of text_to_html. The stored markup holds entities (``&#x27;``,
    ``&amp;``); they are decoded here, once, because the form's widget escapes again on
    display. Without this every save escaped the text one more time."""
    markup = re.sub(r"(?i)<br\s*/?>", "\n", markup or "")
    markup = re.sub(r"(?i)</p>|</li>", "\n\n", markup)
    return re.sub(r"\n{3,}", "\n\n", html.unescape(strip_tags(markup))).strip()
