"""The header navigation of each service: one list, the current entry marked.

Entries are (label, url, prefix): the entry whose prefix starts the current path is the
current one (aria-current). Paths of pages built elsewhere (/besoins/, /aide/) are linked
by path so the navigation does not depend on their URL names.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: str  # "page" (this very page), "true" (a page of this section) or ""


def _reverse(name: str, fallback: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def _entries(service: str) -> list[tuple[str, str, str]]:
    if service == "marche":
        search = _reverse("search:page", "/recherche/")
        dashboard = _reverse("suppliers:dashboard", "/tableau-de-bord/")
        return [
            ("Rechercher", search, search),
            ("Besoins d'achat", "/besoins/", "/besoins/"),
            ("Aide", "/aide/", "/aide/"),
            ("Tableau de bord", dashboard, dashboard),
        ]
    account = _reverse("accounts:account", "/comptes/mon-compte/")
    organizations = _reverse("organizations:list", "/organisations/")
    return [
        ("Mon compte", account, "/comptes/mon-compte/"),
        ("Mes organisations", organizations, organizations),
        # The help centre lives on the Marché (one help centre for both services).
        ("Aide", f"{settings.MARCHE_URL}/aide/", None),
    ]


def main_navigation(service: str, path: str) -> list[NavItem]:
    items = []
    for label, url, prefix in _entries(service):
        if prefix and path == url:
            current = "page"
        elif prefix and path.startswith(prefix):
            current = "true"
        else:
            current = ""
        items.append(NavItem(label, url, current))
    return items
