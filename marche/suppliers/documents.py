"""How a supplier becomes a search document (the Marché's document source for ``search``).

Built from values() and one bulk query per relation per chunk: no model instance, no
per-supplier query, so a rebuild of 100 000 suppliers reads the database a few hundred
times, not a million.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from types import SimpleNamespace

from django.urls import reverse
from wagtail.images.views.serve import generate_image_url

from marche.sectors.taxonomy import structure_kinds
from search.documents import SupplierDocument, plain_text

from .models import Offer, Supplier
from .perimeter import Perimeter

CHUNK = 1000
LOGO_FILTER = "fill-160x160"
FIELDS = (
    "id", "siret", "slug", "name", "brand", "kind", "service_kinds", "certified", "latitude", "longitude",
    "perimeter_kind", "perimeter_radius_km", "description", "logo_id", "logo__file",
    "commune__name", "commune__department_id", "commune__department__region_id",
)  # fmt: skip


class _Image:
    """What generate_image_url reads of an image, from values()."""

    def __init__(self, pk, file_name):
        self.id = pk
        self.file = SimpleNamespace(name=file_name)


def _logo_url(logo_id, file_name) -> str:
    # A signed URL of Wagtail's image view: no rendition is made at indexing time; the
    # first browser asking for it makes it once (then redirected to the stored file).
    return generate_image_url(_Image(logo_id, file_name or ""), LOGO_FILTER) if logo_id else ""


def _grouped(pairs) -> dict:
    grouped = defaultdict(list)
    for key, *value in pairs:
        grouped[key].append(value[0] if len(value) == 1 else tuple(value))
    return grouped


def _chunk_documents(rows: list[dict]) -> list[SupplierDocument]:
    ids = [row["id"] for row in rows]
    sectors = _grouped(
        Supplier.sectors.through.objects.filter(supplier_id__in=ids)
        .order_by("sector__label")
        .values_list("supplier_id", "sector__slug", "sector__label")
    )
    offers = _grouped(
        Offer.objects.filter(supplier_id__in=ids).order_by("pk").values_list("supplier_id", "title", "description")
    )
    departments = _grouped(
        Supplier.perimeter_departments.through.objects.filter(supplier_id__in=ids).values_list(
            "supplier_id", "department_id"
        )
    )
    regions = _grouped(
        Supplier.perimeter_regions.through.objects.filter(supplier_id__in=ids).values_list("supplier_id", "region_id")
    )
    kinds = dict(structure_kinds())
    profile = reverse("suppliers:profile", args=["SLUG"])
    documents = []
    for row in rows:
        pk = row["id"]
        perimeter = Perimeter(
            kind=row["perimeter_kind"],
            radius_km=row["perimeter_radius_km"],
            departments=tuple(sorted(departments.get(pk, []))),
            regions=tuple(sorted(regions.get(pk, []))),
            lat=row["latitude"],
            lon=row["longitude"],
        )
        documents.append(
            SupplierDocument(
                id=pk,
                siret=row["siret"],
                slug=row["slug"],
                name=row["name"],
                brand=row["brand"],
                kind=row["kind"],
                kind_label=kinds.get(row["kind"], row["kind"]),
                city=row["commune__name"] or "",
                department=row["commune__department_id"] or "",
                region=row["commune__department__region_id"] or "",
                sectors=tuple(slug for slug, _ in sectors.get(pk, [])),
                sector_labels=tuple(label for _, label in sectors.get(pk, [])),
                services=tuple(row["service_kinds"] or ()),
                certified=row["certified"],
                lat=row["latitude"],
                lon=row["longitude"],
                offers=" ".join(f"{title} {text}" for title, text in offers.get(pk, [])),
                description=plain_text(row["description"]),
                logo_url=_logo_url(row["logo_id"], row["logo__file"]),
                url=profile.replace("SLUG", row["slug"]),
                **perimeter.document_fields(),
            )
        )
    return documents


def searchable():
    """Suppliers buyers may find. Rule: inactive or hidden suppliers never appear."""
    return Supplier.objects.visible()


def documents(ids: Iterable[int] | None = None) -> Iterator[SupplierDocument]:
    """The documents of the searchable suppliers among ``ids`` (all when None), by chunks."""
    queryset = searchable().order_by("pk")
    if ids is not None:
        ids = sorted(set(ids))
        for start in range(0, len(ids), CHUNK):
            rows = list(queryset.filter(pk__in=ids[start : start + CHUNK]).values(*FIELDS))
            yield from _chunk_documents(rows)
        return
    last = 0
    while True:
        # Keyset pagination: each chunk is one indexed range read, however far in.
        rows = list(queryset.filter(pk__gt=last).values(*FIELDS)[:CHUNK])
        if not rows:
            return
        yield from _chunk_documents(rows)
        last = rows[-1]["id"]


def count() -> int:
    return searchable().count()
