"""What the index knows about a supplier: one document, built the same for both engines."""

import re
from html import unescape

from search.text import fold

# Field boosts: the name and the brand first.
TEXT_FIELDS = {"name": 4.0, "brand": 4.0, "sectors": 2.0, "offers": 1.5, "description": 1.0}


def searchable_suppliers():
    """Suppliers buyers may find. Rule: inactive or hidden suppliers never appear."""
    from marche.suppliers.models import Supplier

    return (
        Supplier.objects.visible()
        .select_related("commune__department")
        .prefetch_related("sectors", "offers", "perimeter_departments", "perimeter_regions")
    )


_TAG = re.compile(r"<[^>]*>")


def plain_text(html: str) -> str:
    # Why not django's strip_tags: its HTML parser made it the largest cost of a rebuild;
    # descriptions are whitelisted rich text, for which a regex is exact enough.
    return unescape(_TAG.sub(" ", html or ""))


def supplier_document(supplier) -> dict:
    department = supplier.commune.department if supplier.commune else None
    sectors = list(supplier.sectors.all())
    return {
        "id": supplier.pk,
        "siret": supplier.siret,
        "slug": supplier.slug,
        "name": supplier.name,
        "brand": supplier.brand,
        "kind": supplier.kind,
        "city": supplier.commune.name if supplier.commune else "",
        "department": department.code if department else "",
        "region": department.region_id if department else "",
        "sectors": [s.slug for s in sectors],
        "services": list(supplier.service_kinds or []),
        "certified": supplier.certified,
        "location": {"lat": supplier.latitude, "lon": supplier.longitude} if supplier.latitude is not None else None,
        "perimeter_kind": supplier.perimeter_kind,
        "perimeter_radius_km": supplier.perimeter_radius_km or 0,
        "perimeter_departments": [d.code for d in supplier.perimeter_departments.all()],
        "perimeter_regions": [r.code for r in supplier.perimeter_regions.all()],
        "name_sort": fold(supplier.display_name),
        "text": {
            "name": fold(supplier.name),
            "brand": fold(supplier.brand),
            "sectors": fold(" ".join(s.label for s in sectors)),
            "offers": fold(" ".join(f"{o.title} {o.description}" for o in supplier.offers.all())),
            "description": fold(plain_text(supplier.description)),
        },
    }
