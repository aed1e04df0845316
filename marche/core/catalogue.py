"""A generated catalogue of suppliers that looks like the real Marché, for the demo
(`make run`) and the benchmarks (bench/): one generator for both.

Rules:
- Deterministic: supplier number ``i`` is drawn from its own random generator seeded by
  ``(seed, i)``, so it is the same whatever the size asked for, and a catalogue can grow
  (3 000 for the demo, 100 000 for the bench) by creating only the missing numbers.
- Keyed by a reserved SIRET range (SIREN ``89`` + six digits of ``i`` + check digit,
  then a NIC from ``i``; all checksum-valid): a row whose SIRET exists is never touched again, so
  what a person edited locally survives a new ``make run``.
- Realistic: communes drawn by population (big cities get many suppliers), sectors from
  one group of the taxonomy with descriptions and offers written for that group, kinds of
  service that fit the structure kind, contacts under example.org only, convention dates,
  and logos (initials on a coloured background) shared between suppliers with the same
  initials and colour, so thousands of logos cost a few hundred small PNGs.
- Fast: bulk inserts per chunk (rows, sectors, perimeters, offers, logos), one transaction
  per chunk, certification computed with the certification rule on the unsaved rows.
- Searchable: the ids created are handed to :func:`_index`, the only place that talks to
  the search library.
"""

import hashlib
import io
import random
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from itertools import accumulate

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont
from stdnum import luhn
from wagtail.images import get_image_model

from marche.geography.models import Commune
from marche.sectors.models import Sector
from marche.sectors.taxonomy import structure_kinds
from marche.suppliers.certification import is_certified
from marche.suppliers.models import Offer, PerimeterKind, Supplier
from marche.suppliers.services import ActivityData, write_activities

from .catalogue_content import FIRST_NAMES, GROUPS, INSERTION, LAST_NAMES, OPENINGS, STREETS

SIREN_PREFIX = "89"
MAX_SUPPLIERS = 1_000_000  # six digits of the supplier number in the SIREN
DEFAULT_SIZE = 3_000
DEFAULT_SEED = 2026
CHUNK = 1_000

# Kinds of structure, how often they appear, and the kinds of service they offer:
# intermediary associations and temporary-work structures lend workers (DISP).
KINDS = {"ACI": 28, "EI": 25, "AI": 11, "ETTI": 9, "EA": 10, "ESAT": 8, "GEIQ": 3, "EITI": 3, "EATT": 1}
LENDING_KINDS = {"AI", "ETTI", "GEIQ", "EATT"}

# Showcase: the first suppliers put each headline sector in each big city, so that a first
# search such as "traiteur" near Lyon finds something whatever the catalogue's size.
SHOWCASE_CITIES = ["75056", "69123", "13055", "59350", "33063", "31555", "44109", "67482", "34172", "35238"]
SHOWCASE_SECTORS = [
    ("Espaces verts & extérieurs", "Création et entretien des espaces verts"),
    ("Entretien du linge", "Blanchisserie"),
    ("Restauration", "Traiteur"),
    ("Hygiène et Propreté", "Nettoyage de locaux"),
    ("Bâtiments et Travaux publics", "Menuiserie"),
    ("Recyclage, économie circulaire", "Achat de produits reconditionnés (informatique, électronique...)"),
]
SHOWCASE = [(city, group, sector) for group, sector in SHOWCASE_SECTORS for city in SHOWCASE_CITIES]

LOGO_SIZE = 160
LOGO_COLOURS = [
    (0, 0, 145), (225, 0, 15), (24, 117, 60), (106, 106, 244), (194, 81, 26), (0, 99, 203), (132, 94, 194),
    (0, 121, 111), (161, 61, 111), (58, 58, 58), (200, 138, 0), (62, 119, 172),
]  # fmt: skip


def siret_for(i: int) -> str:
    """The reserved, checksum-valid SIRET of catalogue supplier number ``i``."""
    if not 0 <= i < MAX_SUPPLIERS:
        raise ValueError(f"supplier number out of the reserved range: {i}")
    body = f"{SIREN_PREFIX}{i:06d}"
    siren = body + luhn.calc_check_digit(body)
    # The establishment number varies like real ones do (and keeps neighbours' SIRET tails,
    # which the slug of an imported profile uses, distinct).
    nic = f"{i % 10_000:04d}"
    return siren + nic + luhn.calc_check_digit(siren + nic)


def is_catalogue_siret(siret: str) -> bool:
    return len(siret) == 14 and siret.startswith(SIREN_PREFIX) and siret == siret_for(int(siret[2:8]))


@dataclass
class Draft:
    """One generated supplier before it is written: the row and what hangs off it."""

    supplier: Supplier
    activities: list[ActivityData]
    offers: list[tuple[str, str]] = field(default_factory=list)
    logo: tuple[str, int] | None = None  # (initials, colour index)

    @property
    def sector_ids(self) -> list[int]:
        """Every sector of its activities, each once, in order."""
        return list(dict.fromkeys(sid for activity in self.activities for sid in activity.sectors))


@dataclass
class GenerationReport:
    created: int = 0
    existing: int = 0
    logos_created: int = 0
    created_ids: list[int] = field(default_factory=list)


class _Reference:
    """Communes, sectors and labels read once per run."""

    def __init__(self):
        rows = list(
            Commune.objects.located()
            .filter(population__gt=0)
            .values_list("insee", "name", "postal_codes", "latitude", "longitude", "department_id",
                         "department__name", "department__region_id", "population")
        )  # fmt: skip
        if not rows:
            raise RuntimeError("Aucune commune : lancez d'abord manage.py load_geography.")
        # Paris, Lyon and Marseille have arrondissements as well: the city is drawn by its
        # population, then the supplier sits in one of its arrondissements.
        self.arrondissements = {}
        for row in rows:
            if " Arrondissement" in row[1]:
                city = row[1].split(" ")[0]
                self.arrondissements.setdefault((city, row[5]), []).append(row)
        self.communes = [r for r in rows if " Arrondissement" not in r[1]]
        self.cumulative = list(accumulate(r[8] for r in self.communes))
        self.by_insee = {r[0]: r for r in rows}
        self.departments_by_region = {}
        for row in rows:
            self.departments_by_region.setdefault(row[7], set()).add(row[5])
        self.departments_by_region = {k: sorted(v) for k, v in self.departments_by_region.items()}
        self.communes_by_department = {}
        for row in self.communes:
            self.communes_by_department.setdefault(row[5], []).append(row)
        sectors = Sector.objects.select_related("group").values_list("id", "label", "group__name")
        self.sectors_by_group: dict[str, list[tuple[int, str]]] = {}
        for sector_id, label, group in sectors:
            self.sectors_by_group.setdefault(group, []).append((sector_id, label))
        self.groups = [g for g in GROUPS if self.sectors_by_group.get(g)]
        self.group_weights = list(accumulate(GROUPS[g]["weight"] for g in self.groups))
        self.kind_labels = dict(structure_kinds())

    def commune(self, rng: random.Random, insee: str | None = None):
        row = self.by_insee.get(insee) if insee else None
        if row is None:
            row = self.communes[bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]
        parts = self.arrondissements.get((row[1], row[5]))
        return rng.choice(parts) if parts else row


def _pick_weighted(rng: random.Random, items: list, cumulative: list):
    return items[bisect_right(cumulative, rng.random() * cumulative[-1])]


def draft(i: int, ref: _Reference, seed: int = DEFAULT_SEED, today: date | None = None) -> Draft:
    """Supplier number ``i`` of the catalogue, drawn from its own seeded generator."""
    rng = random.Random(f"{seed}:{i}")
    today = today or timezone.localdate()
    if i < len(SHOWCASE) and SHOWCASE[i][1] in ref.groups:
        city_insee, group, headline = SHOWCASE[i]
    else:
        city_insee, group, headline = None, _pick_weighted(rng, ref.groups, ref.group_weights), None
    content = GROUPS[group]
    insee, city, postal_codes, lat, lon, department, department_name, region, _ = ref.commune(rng, city_insee)
    city = city.split(" ")[0] if " Arrondissement" in city else city

    # Sectors: one to three of the group, headline sectors more often.
    available = ref.sectors_by_group[group]
    by_label = dict((label, sid) for sid, label in available)
    first = headline or (
        rng.choice(content["headline"]) if rng.random() < 0.7 else rng.choice([label for _, label in available])
    )
    if first not in by_label:
        first = available[0][1]
    labels = [first] + [
        label for label in rng.sample([lb for _, lb in available], min(len(available), rng.randint(0, 2)))
    ]
    labels = list(dict.fromkeys(labels))
    sector_ids = [by_label[label] for label in labels]

    kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
    if kind in LENDING_KINDS:
        services = ["DISP"] + (["PREST"] if rng.random() < 0.3 else [])
    else:
        services = ["PREST"] + (["BUILD"] if content["build"] and rng.random() < 0.6 else [])

    fill = {
        "city": city,
        "department": department_name,
        "sectors": ", ".join(label.lower() for label in labels),
        "kind": ref.kind_labels.get(kind, "structure").lower(),
    }
    name = rng.choice(content["names"]).format(**fill)
    brand = rng.choice(content["brands"]) if rng.random() < 0.35 else ""

    detailed = i < len(SHOWCASE) or rng.random() < 0.65
    group_sentences = rng.sample(content["sentences"], min(len(content["sentences"]), 4 if detailed else 1))
    insertion = rng.sample(INSERTION, 5 if detailed else 1)
    paragraphs = [
        " ".join([rng.choice(OPENINGS), *group_sentences]),
        " ".join(insertion),
    ]
    description = "".join(f"<p>{p.format(**fill)}</p>" for p in paragraphs)

    perimeter = rng.choices(
        [PerimeterKind.RADIUS, PerimeterKind.DEPARTMENTS, PerimeterKind.REGIONS, PerimeterKind.NATIONAL],
        weights=[60, 20, 12, 8 if kind in LENDING_KINDS or content["build"] else 3],
    )[0]
    radius = rng.choice([20, 30, 40, 50, 80, 100]) if perimeter == PerimeterKind.RADIUS else None
    departments, regions = [], []
    if perimeter == PerimeterKind.DEPARTMENTS:
        neighbours = [d for d in ref.departments_by_region.get(region, []) if d != department]
        departments = [department] + rng.sample(neighbours, min(len(neighbours), rng.randint(0, 2)))
    elif perimeter == PerimeterKind.REGIONS:
        regions = [region]

    first_name, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    display = brand or name
    domain = f"{slugify(display)[:40].strip('-') or 'structure'}.example.org"
    siret = siret_for(i)
    expired = rng.random() < 0.07
    convention_end = (
        today - timedelta(days=rng.randint(1, 400)) if expired else today + timedelta(days=rng.randint(60, 3 * 365))
    )
    initials = "".join(word[0] for word in display.replace("'", " ").split() if word[0].isalpha())[:2].upper()
    supplier = Supplier(
        siret=siret,
        slug=f"{slugify(display)[:90].strip('-')}-{siret[:9]}",
        name=name,
        brand=brand,
        kind=kind,
        address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
        postal_code=postal_codes.split()[0] if postal_codes else "",
        commune_id=insee,
        latitude=lat,
        longitude=lon,
        description=description,
        contact_name=f"{first_name} {last_name}",
        contact_email=f"{slugify(first_name)}.{slugify(last_name)}@{domain}",
        # 01 99 00 xx xx is a range ARCEP keeps for fiction: never a real line.
        contact_phone=f"01 99 00 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}",
        website=f"https://{domain}/" if rng.random() < 0.5 else "",
        convention_end_date=convention_end,
    )
    offers = rng.sample(content["offers"], min(len(content["offers"]), rng.randint(1, 3)))
    logo = (initials or "SI", rng.randrange(len(LOGO_COLOURS))) if rng.random() < 0.75 else None
    activities = [
        ActivityData(
            sectors=tuple(sector_ids),
            service_kinds=tuple(services),
            perimeter_kind=perimeter,
            radius_km=radius,
            departments=tuple(departments),
            regions=tuple(regions),
        )
    ]
    # Drawn last, so the rest of a supplier stays what it was before activities existed.
    # About one in five has a second activity: another sector of its group, in its own
    # commune and two more drawn nearby (same department when possible).
    others = [sid for sid, _ in available if sid not in sector_ids]
    if others and rng.random() < 0.2:
        nearby = ref.communes_by_department.get(department, [])
        listed = [insee, *(row[0] for row in rng.sample(nearby, min(2, len(nearby))))]
        activities.append(
            ActivityData(
                sectors=(rng.choice(others),),
                service_kinds=tuple(services[:1]),
                perimeter_kind=PerimeterKind.COMMUNES,
                communes=tuple(dict.fromkeys(listed)),
            )
        )
    return Draft(supplier, activities, offers, logo)


@cache
def _font(size: int):
    # Pillow's bundled scalable font: no font file to ship or to find on the machine.
    return ImageFont.load_default(size=size)


def logo_png(initials: str, colour: int) -> bytes:
    """A small square logo: white initials on a coloured disc."""
    image = Image.new("RGB", (LOGO_SIZE, LOGO_SIZE), (246, 246, 246))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, LOGO_SIZE - 8, LOGO_SIZE - 8), fill=LOGO_COLOURS[colour % len(LOGO_COLOURS)])
    draw.text((LOGO_SIZE / 2, LOGO_SIZE / 2), initials, fill=(255, 255, 255), font=_font(64), anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _logo_title(key: tuple[str, int]) -> str:
    return f"Logo de démonstration {key[0]} {key[1]}"


def _logos(keys: set[tuple[str, int]]) -> tuple[dict[tuple[str, int], object], int]:
    """The shared logo image of each (initials, colour), created once and reused by later runs."""
    Image_ = get_image_model()
    titles = {_logo_title(key): key for key in keys}
    found = {titles[img.title]: img for img in Image_.objects.filter(title__in=list(titles))}
    missing = [key for key in keys if key not in found]
    new = []
    for initials, colour in sorted(missing):
        data = logo_png(initials, colour)
        name = default_storage.save(
            f"original_images/demo-logo-{slugify(initials) or 'x'}-{colour}.png", ContentFile(data)
        )
        new.append(
            Image_(
                title=_logo_title((initials, colour)),
                file=name,
                width=LOGO_SIZE,
                height=LOGO_SIZE,
                file_size=len(data),
                file_hash=hashlib.sha1(data).hexdigest(),
            )
        )
    for image in Image_.objects.bulk_create(new):
        found[(image.title.split()[-2], int(image.title.split()[-1]))] = image
    return found, len(new)


def generate(
    size: int = DEFAULT_SIZE,
    *,
    seed: int = DEFAULT_SEED,
    start: int = 0,
    logos: bool = True,
    progress=lambda it, total: it,
) -> GenerationReport:
    """Create catalogue suppliers number ``start`` to ``start + size - 1`` that do not exist yet.

    Idempotent: existing rows (same reserved SIRET) are left exactly as they are.
    """
    if size < 0 or start < 0 or start + size > MAX_SUPPLIERS:
        raise ValueError(f"the catalogue holds at most {MAX_SUPPLIERS} suppliers")
    ref = _Reference()
    today = timezone.localdate()
    existing = set(Supplier.objects.filter(siret__startswith=SIREN_PREFIX).values_list("siret", flat=True))
    report = GenerationReport()
    numbers = range(start, start + size)
    for chunk_start in progress(range(0, size, CHUNK), -(-size // CHUNK)):
        todo = []
        for i in numbers[chunk_start : chunk_start + CHUNK]:
            if siret_for(i) in existing:
                report.existing += 1
            else:
                todo.append(i)
        if todo:
            created, logos_created = _write([draft(i, ref, seed, today) for i in todo], logos)
            report.created += len(created)
            report.logos_created += logos_created
            report.created_ids.extend(created)
    return report


@transaction.atomic
def _write(drafts: list[Draft], logos: bool) -> tuple[list[int], int]:
    logo_images, logos_created = _logos({d.logo for d in drafts if d.logo}) if logos else ({}, 0)
    now = timezone.now()
    for d in drafts:
        d.supplier.logo = logo_images.get(d.logo) if d.logo else None
        # The certification rule itself, on the unsaved row (same rule as every save).
        d.supplier.certified = is_certified(d.supplier)
        d.supplier.certified_checked_at = now
    suppliers = Supplier.objects.bulk_create([d.supplier for d in drafts], batch_size=500)
    write_activities({s.pk: d.activities for s, d in zip(suppliers, drafts, strict=True)}, replace=False)
    Offer.objects.bulk_create(
        [Offer(supplier_id=s.pk, title=title, description=text)
         for s, d in zip(suppliers, drafts, strict=True) for title, text in d.offers],
        batch_size=2000,
    )  # fmt: skip
    ids = [s.pk for s in suppliers]
    _index(ids)
    return ids, logos_created


def _index(ids: list[int]) -> None:
    """Tell the search library that these suppliers changed: the ONE call from the catalogue
    to search (in the writer's transaction: the embedded index is written with the rows,
    Elasticsearch is sent the changes after commit)."""
    from search import index

    if ids:
        index.changed(ids)
