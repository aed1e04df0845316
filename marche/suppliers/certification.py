"""What makes a supplier profile certified, item by item (the dashboard's checklist)."""

import re
from dataclasses import dataclass
from html import unescape

from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    done: bool
    help: str


def description_word_count(html: str) -> int:
    """Words of plain text in the description, markup not counted."""
    # Tags become spaces so that "deux</p><p>trois" counts two words.
    return len(unescape(re.sub(r"<[^>]*>", " ", html or "")).split())


def logo_is_valid(supplier) -> bool:
    logo = supplier.logo
    if logo is None:
        return False
    return min(logo.width or 0, logo.height or 0) >= settings.LOGO_MIN_PIXELS


def certification_checklist(supplier, today=None) -> list[ChecklistItem]:
    """The three conditions of certification, each with what to do when it is missing."""
    today = today or timezone.localdate()
    minimum = settings.CERTIFICATION_MIN_DESCRIPTION_WORDS
    count = description_word_count(supplier.description)
    convention_ok = bool(supplier.convention_end_date and supplier.convention_end_date >= today)
    return [
        ChecklistItem(
            "convention",
            "Conventionnement en cours de validité",
            convention_ok,
            "Il vient de la liste de l'ASP. S'il est renouvelé, il sera mis à jour au prochain import ; sinon, contactez le support.",
        ),
        ChecklistItem(
            "description",
            f"Description détaillée (au moins {minimum} mots)",
            count >= minimum,
            f"Votre description compte {count} mot(s) : présentez vos activités, vos moyens et votre démarche d'insertion.",
        ),
        ChecklistItem(
            "logo",
            "Logo",
            logo_is_valid(supplier),
            f"Ajoutez un logo PNG, JPEG ou WebP d'au moins {settings.LOGO_MIN_PIXELS}×{settings.LOGO_MIN_PIXELS} pixels.",
        ),
    ]


def is_certified(supplier, today=None) -> bool:
    return all(item.done for item in certification_checklist(supplier, today))
