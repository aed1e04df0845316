"""Supplier search benchmark: N realistic suppliers, bulk indexing, query latencies.

    .venv/bin/python bench/search_bench.py [--suppliers 100000] [--db-sample 5000] [--runs 30]

Generates suppliers on real communes with real sectors and French descriptions in a
fresh database (SQLite under a temporary VAR_DIR unless DATABASE_URL is set), rebuilds
the Elasticsearch index (ELASTICSEARCH_URL, else a local test node it starts), then
times a fixed mix of queries through each engine and through a plain Django ORM
baseline (icontains on name and brand plus joins, as the former Marché did). Prints a
table and writes bench/results.json. Timings live here, never in tests.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = (
    "entretien espaces verts nettoyage locaux bureaux menuiserie bois mobilier recyclage collecte déchets "
    "restauration traiteur repas blanchisserie repassage logistique conditionnement manutention peinture "
    "rénovation bâtiment second œuvre plomberie électricité informatique reconditionnement numérique "
    "accueil conciergerie couture textile maraîchage légumes biologiques insertion salariés accompagnement "
    "qualité réactivité clause sociale marchés publics collectivités entreprises proximité formation"
).split()
QUERIES = [
    {"q": "menuiserie"},
    {"q": "nettoyage de locaux", "certified": "true"},
    {"q": "recyclage", "near": "69123", "radius": "30", "sort": "distance"},
    {"q": "traiteur", "serves": "75056"},
    {"sector": "nettoyage-de-locaux", "department": "59"},
    {"kind": "ACI", "service": "PREST", "region": "84"},
    {"q": "menuserie"},
    {"near": "33063", "radius": "50"},
    {"q": "l'entretien des espaces verts", "serves": "13055", "certified": "true"},
    {"sort": "name", "page": "3"},
]


def percentile(values, p):
    values = sorted(values)
    index = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[index]


def setup_django(var_dir):
    os.environ.setdefault("VAR_DIR", var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "marche.settings"
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()


def generate(n, seed=42):
    from django.db import transaction

    from marche.geography.models import Commune, Department, Region
    from marche.sectors.models import Sector
    from marche.suppliers.models import Supplier

    rng = random.Random(seed)
    communes = list(
        Commune.objects.filter(latitude__isnull=False)
        .order_by("-population")
        .values_list("insee", "latitude", "longitude")[:5000]
    )
    sectors = list(Sector.objects.values_list("id", "label"))
    departments = list(Department.objects.values_list("code", flat=True))
    regions = list(Region.objects.values_list("code", flat=True))
    kinds = ["EI", "AI", "ACI", "ETTI", "EITI", "EA", "ESAT", "GEIQ"]
    suppliers, sector_links, dept_links, region_links = [], [], [], []
    for i in range(n):
        insee, lat, lon = rng.choice(communes)
        chosen = rng.sample(sectors, rng.randint(1, 3))
        perimeter = rng.choices(["radius", "departments", "regions", "national"], weights=[5, 3, 1, 1])[0]
        description = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 140)))
        suppliers.append(
            Supplier(
                siret=f"{10000000000000 + i}", slug=f"fournisseur-{i}", name=f"{chosen[0][1]} {rng.choice(WORDS).capitalize()} {i}",
                brand=rng.choice(["", "", f"{rng.choice(WORDS).capitalize()} Solidaire"]), kind=rng.choice(kinds),
                commune_id=insee, latitude=lat, longitude=lon, description=f"<p>{description}</p>",
                service_kinds=rng.sample(["DISP", "PREST", "BUILD"], rng.randint(1, 2)), certified=rng.random() < 0.4,
                perimeter_kind=perimeter, perimeter_radius_km=rng.choice([10, 20, 30, 50, 80, 100]) if perimeter == "radius" else None,
            )
        )  # fmt: skip
        sector_links.append([s[0] for s in chosen])
        dept_links.append(rng.sample(departments, 2) if perimeter == "departments" else [])
        region_links.append(rng.sample(regions, 1) if perimeter == "regions" else [])
    with transaction.atomic():
        created = Supplier.objects.bulk_create(suppliers, batch_size=2000)
        Supplier.sectors.through.objects.bulk_create(
            [
                Supplier.sectors.through(supplier_id=s.pk, sector_id=sid)
                for s, ids in zip(created, sector_links, strict=True)
                for sid in ids
            ],
            batch_size=5000,
        )
        Supplier.perimeter_departments.through.objects.bulk_create(
            [
                Supplier.perimeter_departments.through(supplier_id=s.pk, department_id=d)
                for s, ds in zip(created, dept_links, strict=True)
                for d in ds
            ],
            batch_size=5000,
        )
        Supplier.perimeter_regions.through.objects.bulk_create(
            [
                Supplier.perimeter_regions.through(supplier_id=s.pk, region_id=r)
                for s, rs in zip(created, region_links, strict=True)
                for r in rs
            ],
            batch_size=5000,
        )


def orm_baseline(params):
    """The former Marché's approach: icontains on name and brand, joins for filters."""
    from django.db.models import Q

    from marche.suppliers.models import Supplier

    qs = Supplier.objects.visible().select_related("commune__department").prefetch_related("sectors")
    if params.get("q"):
        qs = qs.filter(Q(name__icontains=params["q"]) | Q(brand__icontains=params["q"]))
    if params.get("sector"):
        qs = qs.filter(sectors__slug=params["sector"])
    if params.get("department"):
        qs = qs.filter(commune__department_id=params["department"])
    if params.get("region"):
        qs = qs.filter(commune__department__region_id=params["region"])
    if params.get("kind"):
        qs = qs.filter(kind=params["kind"])
    if params.get("certified"):
        qs = qs.filter(certified=True)
    qs.count()
    return list(qs.order_by("name")[:20])


PER_QUERY = {}


def time_engine(run, runs, name=""):
    latencies = []
    for _ in range(runs):
        for params in QUERIES:
            start = time.perf_counter()
            run(params)
            elapsed = (time.perf_counter() - start) * 1000
            latencies.append(elapsed)
            PER_QUERY.setdefault(name, {}).setdefault(json.dumps(params, ensure_ascii=False), []).append(elapsed)
    return latencies


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suppliers", type=int, default=100_000)
    parser.add_argument("--db-sample", type=int, default=5_000, help="suppliers kept for the database engine's run")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--output", default=str(ROOT / "bench" / "results.json"))
    args = parser.parse_args()

    var_dir = tempfile.mkdtemp(prefix="bench-")
    setup_django(var_dir)
    from django.conf import settings
    from django.core.management import call_command
    from django.http import QueryDict
    from tqdm import tqdm

    from search.elasticsearch.node import ElasticsearchNode
    from search.engines.database import DatabaseEngine
    from search.engines.elasticsearch import ElasticsearchEngine
    from search.indexing import rebuild
    from search.query import SupplierQuery

    node = None
    if not os.environ.get("ELASTICSEARCH_URL"):
        node = ElasticsearchNode(cache_dir=ROOT / "var" / "elasticsearch")
        os.environ["ELASTICSEARCH_URL"] = node.start()
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX_PREFIX = f"bench-{int(time.time())}"
    try:
        call_command("migrate", verbosity=0)
        call_command("load_geography", verbosity=0)
        start = time.perf_counter()
        settings.ELASTICSEARCH_URL, es_url = "", settings.ELASTICSEARCH_URL  # no per-row indexing while generating
        generate(args.suppliers)
        settings.ELASTICSEARCH_URL = es_url
        generation_s = time.perf_counter() - start

        start = time.perf_counter()
        _, count = rebuild(progress=lambda it, total: tqdm(it, total=total, desc="Indexation", unit="fiche"))
        rebuild_s = time.perf_counter() - start

        def as_query(params):
            data = QueryDict(mutable=True)
            data.update(params)
            return SupplierQuery.from_params(data)

        queries = {json.dumps(p, sort_keys=True): as_query(p) for p in QUERIES}
        es = ElasticsearchEngine()
        rows = {}
        rows["elasticsearch"] = time_engine(
            lambda p: es.search(queries[json.dumps(p, sort_keys=True)]), args.runs, "elasticsearch"
        )
        rows["orm_baseline"] = time_engine(orm_baseline, args.runs)

        # The database engine reads every searchable supplier per query: measured on a sample.
        from marche.suppliers.models import Supplier

        keep = Supplier.objects.order_by("pk").values_list("pk", flat=True)[args.db_sample : args.db_sample + 1]
        if keep:
            Supplier.objects.filter(pk__gte=keep[0]).update(is_active=False)
        db = DatabaseEngine()
        rows[f"database ({args.db_sample} suppliers)"] = time_engine(
            lambda p: db.search(queries[json.dumps(p, sort_keys=True)]), max(1, args.runs // 10)
        )
    finally:
        if node:
            node.stop()

    baseline_p95 = percentile(rows["orm_baseline"], 95)
    report = {
        "suppliers": args.suppliers,
        "indexed": count,
        "generation_s": round(generation_s, 1),
        "rebuild_s": round(rebuild_s, 1),
        "p50_ms_per_query": {
            name: {q: round(percentile(v, 50), 1) for q, v in per_query.items()}
            for name, per_query in PER_QUERY.items()
        },
        "engines": {
            name: {
                "queries": len(values),
                "p50_ms": round(percentile(values, 50), 1),
                "p95_ms": round(percentile(values, 95), 1),
                "p99_ms": round(percentile(values, 99), 1),
                "p95_vs_orm_baseline": round(percentile(values, 95) / baseline_p95, 2),
            }
            for name, values in rows.items()
        },
    }
    Path(args.output).write_text(json.dumps(report, indent=2) + "\n")
    print(f"\n{args.suppliers} suppliers generated in {generation_s:.1f} s; rebuild of {count} in {rebuild_s:.1f} s\n")
    print(f"{'engine':<32} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'p95/ORM':>8}")
    for name, stats in report["engines"].items():
        print(
            f"{name:<32} {stats['queries']:>7} {stats['p50_ms']:>8} {stats['p95_ms']:>8} {stats['p99_ms']:>8} {stats['p95_vs_orm_baseline']:>8}"
        )
    print(f"\nwritten to {args.output}")


if __name__ == "__main__":
    main()
