"""What the index knows about a supplier: one typed document, the same for every engine.

``search`` does not know where documents come from: the application registers a
*document source* in ``SEARCH_DOCUMENT_SOURCE`` (a dotted path to an object or module
with ``documents(ids=None)`` and ``count()``). ``documents(ids)`` yields the documents of
the searchable suppliers among ``ids`` (all of them when ``ids`` is None); an id it does
not yield is not searchable any more and leaves the index.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from functools import cached_property
from html import unescape
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from search.text import fold, words

# Field boosts: the name and the brand first.
TEXT_FIELDS = {"name": 4.0, "brand": 4.0, "sectors": 2.0, "offers": 1.5, "description": 1.0}
PERIMETER_KINDS = ("radius", "communes", "departments", "regions", "national")

_TAG = re.compile(r"<[^>]*>")


def plain_text(html: str) -> str:
    # Why not django's strip_tags: its HTML parser made it the largest cost of a rebuild;
    # descriptions are whitelisted rich text, for which a regex is exact enough.
    return unescape(_TAG.sub(" ", html or ""))


@dataclass(frozen=True)
class ActivityEntry:
    """One activity of a supplier: what it does (sector slugs, kinds of service) and where
    (its perimeter). ``perimeter_kind`` is one of PERIMETER_KINDS; a radius is measured
    from the supplier's ``lat``/``lon``; ``perimeter_communes`` are INSEE codes.

    Rule: the sector, service and "serves" filters are met by ONE activity together."""

    sectors: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    perimeter_kind: str = "radius"
    perimeter_radius_km: int = 0
    perimeter_communes: tuple[str, ...] = ()
    perimeter_departments: tuple[str, ...] = ()
    perimeter_regions: tuple[str, ...] = ()

    def __post_init__(self):
        if self.perimeter_kind not in PERIMETER_KINDS:
            raise ValueError(f"unknown perimeter kind {self.perimeter_kind!r}")


@dataclass(frozen=True)
class SupplierDocument:
    """The contract between the application and the engines.

    Display fields (``kind_label``, ``sector_labels``, ``logo_url``, ``url``) travel with
    the hit so a results page needs no database read. ``sectors`` and ``services`` are
    every activity's, merged (facets and display); ``activities`` carry what each
    activity does where (filters).
    """

    id: int
    siret: str
    slug: str
    name: str
    brand: str = ""
    kind: str = ""
    kind_label: str = ""
    city: str = ""
    department: str = ""
    region: str = ""
    sectors: tuple[str, ...] = ()
    sector_labels: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    certified: bool = False
    lat: float | None = None
    lon: float | None = None
    activities: tuple[ActivityEntry, ...] = ()
    offers: str = ""  # plain text of the offers' titles and descriptions
    description: str = ""  # plain text
    logo_url: str = ""
    url: str = ""

    @property
    def name_sort(self) -> str:
        return fold(self.brand or self.name)[:200]

    @cached_property
    def text(self) -> dict[str, str]:
        """Each searchable field, folded and reduced to its words (stop words out)."""
        raw = {
            "name": self.name,
            "brand": self.brand,
            "sectors": " ".join(self.sector_labels),
            "offers": self.offers,
            "description": self.description,
        }
        return {field: " ".join(words(value)) for field, value in raw.items()}

    def payload(self) -> dict:
        """What a hit shows, stored as is by the engines."""
        return {
            "id": self.id,
            "siret": self.siret,
            "slug": self.slug,
            "name": self.name,
            "brand": self.brand,
            "kind": self.kind,
            "kind_label": self.kind_label,
            "sectors": list(self.sectors),
            "sector_labels": list(self.sector_labels),
            "city": self.city,
            "department": self.department,
            "certified": self.certified,
            "lat": self.lat,
            "lon": self.lon,
            "logo_url": self.logo_url,
            "url": self.url,
        }

    def as_dict(self) -> dict:
        return asdict(self)


class DocumentSource(Protocol):
    def documents(self, ids: Iterable[int] | None = None) -> Iterator[SupplierDocument]: ...

    def count(self) -> int: ...


def source() -> DocumentSource:
    """The application's document source (``SEARCH_DOCUMENT_SOURCE``)."""
    path = settings.SEARCH_DOCUMENT_SOURCE
    try:
        return import_string(path)
    except ImportError:
        import importlib

        return importlib.import_module(path)
