"""Text typed or imported for organisations: one line, no control characters, bounded.

Why by hand: Django's form fields refuse NUL bytes but keep every other control character,
and an organisation name with a line break breaks every mail whose subject names it.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError

# Cc (controls, including NUL, CR, LF, TAB) plus the Unicode line and paragraph separators.
_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u0085]+")
_SPACES = re.compile(r"\s+")


def one_line(value: str) -> str:
    """The text on one line: control characters and line breaks collapsed to single spaces."""
    return _SPACES.sub(" ", _LINE_BREAKING.sub(" ", value or "")).strip()


def has_nul(value: str) -> bool:
    return "\x00" in (value or "")


def has_surrogates(value: str) -> bool:
    """Bytes that were not UTF-8, kept as lone surrogates when a file is read with surrogateescape."""
    return any(unicodedata.category(c) == "Cs" for c in value or "")


def check_multiline(value: str) -> str:
    """A free text (a message to the support): line breaks and tabs kept, other controls refused."""
    if any(unicodedata.category(c) == "Cc" and c not in "\n\r\t" for c in value or ""):
        raise ValidationError("Ce texte contient des caractères de contrôle invisibles : retirez-les.", code="control")
    return (value or "").strip()


class OneLineCharField(forms.CharField):
    """A name, a city…: NUL refused (Django's validator), other controls and line breaks become spaces,
    and the length is checked after that normalisation."""

    def to_python(self, value):
        value = super().to_python(value)
        if isinstance(value, str) and not has_nul(value):
            value = one_line(value)
        return value


class MultilineCharField(forms.CharField):
    def clean(self, value):
        return check_multiline(super().clean(value))
