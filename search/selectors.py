"""Reads for the search page and the autocomplete."""

from django.db.models import Q

from search.text import fold


def communes_matching(text: str, limit: int = 10):
    """Communes by name (accents and case ignored) or postal code, most populated first."""
    from marche.geography.models import Commune

    text = (text or "").strip()
    if len(text) < 2:
        return Commune.objects.none()
    if text[:2].isdigit():
        return Commune.objects.filter(Q(postal_codes__contains=text) | Q(insee__startswith=text)).order_by(
            "-population"
        )[:limit]
    folded = fold(text)
    candidates = Commune.objects.filter(name__icontains=text.split()[0][:3]).order_by("-population")[:2000]
    return [c for c in candidates if fold(c.name).startswith(folded) or f" {folded}" in fold(c.name)][:limit]


def commune_from_text(text: str):
    """The commune a person typed without choosing in the list: the most populated match."""
    matches = list(communes_matching(text, limit=1))
    return matches[0] if matches else None


def sectors_matching(text: str, limit: int = 10):
    from marche.sectors.models import Sector

    folded = fold(text)
    if len(folded) < 2:
        return []
    return [s for s in Sector.objects.select_related("group") if folded in fold(s.label)][:limit]


def suppliers_matching(text: str, limit: int = 8):
    from search.engines import search
    from search.query import SupplierQuery

    if len((text or "").strip()) < 2:
        return []
    return search(SupplierQuery(text=text, page_size=limit)).hits
