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

from marche.sectors.taxonomy import service_kinds, structure_kinds
from search.documents import ActivityEntry, SupplierDocument, plain_text

from .models import Activity, Offer, Supplier
from .perimeter import Perimeter

CHUNK = 1000
LOGO_FILTER = "fill-160x160"
FIELDS = (
    "id", "siret", "slug", "name", "brand", "kind", "certified", "latitude", "longitude",
    "description", "logo_id", "logo__file",
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


def _activities(ids: list[int], coordinates: dict) -> dict[int, list[tuple[ActivityEntry, list]]]:
    """Each supplier's activities as document entries, with their sectors' (slug, label)."""
    rows = list(
        Activity.objects.filter(supplier_id__in=ids)
        .order_by("pk")
        .values_list("pk", "supplier_id", "service_kinds", "perimeter_kind", "perimeter_radius_km")
    )
    activity_ids = [row[0] for row in rows]
    sectors = _grouped(
        Activity.sectors.through.objects.filter(activity_id__in=activity_ids)
        .order_by("sector__label")
        .values_list("activity_id", "sector__slug", "sector__label")
    )
    listed = {
        what: _grouped(
            getattr(Activity, f"perimeter_{what}")
            .through.objects.filter(activity_id__in=activity_ids)
            .values_list("activity_id", f"{column}_id")
        )
        for what, column in (("communes", "commune"), ("departments", "department"), ("regions", "region"))
    }
    order = [code for code, _ in service_kinds()]
    result = defaultdict(list)
    for pk, supplier_id, codes, kind, radius in rows:
        lat, lon = coordinates[supplier_id]
        perimeter = Perimeter(
            kind=kind,
            radius_km=radius,
            communes=tuple(sorted(listed["communes"].get(pk, []))),
            departments=tuple(sorted(listed["departments"].get(pk, []))),
            regions=tuple(sorted(listed["regions"].get(pk, []))),
            lat=lat,
            lon=lon,
        )
        entry = ActivityEntry(
            sectors=tuple(slug for slug, _ in sectors.get(pk, [])),
            services=tuple(code for code in order if code in (codes or ())),
            **perimeter.document_fields(),
        )
        result[supplier_id].append((entry, sectors.get(pk, [])))
    return result


def _chunk_documents(rows: list[dict]) -> list[SupplierDocument]:
    ids = [row["id"] for row in rows]
    activities = _activities(ids, {row["id"]: (row["latitude"], row["longitude"]) for row in rows})
    offers = _grouped(
        Offer.objects.filter(supplier_id__in=ids).order_by("pk").values_list("supplier_id", "title", "description")
    )
    kinds = dict(structure_kinds())
    order = [code for code, _ in service_kinds()]
    profile = reverse("suppliers:profile", args=["SLUG"])
    documents = []
    for row in rows:
        pk = row["id"]
        entries = activities.get(pk, [])
        # Every activity's sectors, each once, by label (what a hit shows and facets count).
        sectors = sorted({pair for _, pairs in entries for pair in pairs}, key=lambda pair: (pair[1], pair[0]))
        services = {code for entry, _ in entries for code in entry.services}
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
                sectors=tuple(slug for slug, _ in sectors),
                sector_labels=tuple(label for _, label in sectors),
                services=tuple(code for code in order if code in services),
                certified=row["certified"],
                lat=row["latitude"],
                lon=row["longitude"],
                activities=tuple(entry for entry, _ in entries),
                offers=" ".join(f"{title} {text}" for title, text in offers.get(pk, [])),
                description=plain_text(row["description"]),
                logo_url=_logo_url(row["logo_id"], row["logo__file"]),
                url=profile.replace("SLUG", row["slug"]),
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
