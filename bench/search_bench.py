"""Supplier search benchmark: every engine on the same generated catalogue, in one run.

    .venv/bin/python bench/search_bench.py [--sizes 10000,100000] [--million]
        [--engines database,elasticsearch,orm] [--db-sample 0] [--runs 20] [--import-lines 5000]

The data is the demo catalogue's generator (marche/core/catalogue.py), grown size after
size (10 000, then the 90 000 missing up to 100 000), identical for every backend. For each
size it times a fixed mix of queries (per query kind and overall, p50/p95/p99):
- the embedded `database` engine on SQLite, and on PostgreSQL when DATABASE_URL is a
  PostgreSQL URL (a scratch database `<name>_bench` is created there, then dropped);
- the `elasticsearch` engine (ELASTICSEARCH_URL, else a local test node it starts), with
  Elasticsearch's own `took` next to the time measured in Python, after a timed rebuild;
- the ORM baseline (icontains on name and brand plus joins, as the former Marché did).
It also times `import_suppliers` on a generated CSV (--import-lines lines/s), and with
--million grows the catalogue to 1 000 000 for Elasticsearch alone.

The embedded engine is timed at every size on the full catalogue (its index is rebuilt
first, which also refreshes the planner's statistics); `--db-sample N` caps it to the
first N suppliers instead (timed once, before the catalogue grows past them) and
`--db-runs-divisor` gives it fewer passes, both for quick runs. Each backend runs in its
own process (`--worker`); results merge into bench/results.json (top-level `suppliers`,
`rebuild_s`, `engines` are those of the largest size; `sizes` holds every size; the
`load` key written by bench/load_search.py is kept). Timings live here, never in tests.
"""

import argparse
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    RESULTS,
    ROOT,
    drop_postgresql,
    grow_catalogue,
    is_postgresql,
    percentile,
    prepare_schema,
    scratch_postgresql,
    setup_django,
    summary,
)

# A fixed mix of what buyers ask, each with its kind (percentiles are given per kind).
QUERIES = [
    ("text", {"q": "menuiserie"}),
    ("text", {"q": "blanchisserie"}),
    ("text + filter", {"q": "nettoyage de locaux", "certified": "true"}),
    ("text + near", {"q": "recyclage", "near": "69123", "radius": "30", "sort": "distance"}),
    ("text + near", {"q": "traiteur", "near": "59350", "radius": "30"}),
    ("text + serves", {"q": "traiteur", "serves": "75056"}),
    ("text + serves", {"q": "l'entretien des espaces verts", "serves": "13055", "certified": "true"}),
    ("filters", {"sector": "nettoyage-de-locaux", "department": "59"}),
    ("filters", {"kind": "ACI", "service": "PREST", "region": "84"}),
    ("typo", {"q": "menuserie"}),
    ("typo", {"q": "blanchiserie"}),
    ("near", {"near": "33063", "radius": "50"}),
    ("browse", {"sort": "name", "page": "3"}),
]
IMPORT_START = 990_000  # catalogue numbers used for the import CSV: far above every size but --million's


def orm_baseline(params):
    """The former Marché's approach: icontains on name and brand, joins for filters."""
    from django.db.models import Q

    from marche.suppliers.models import Supplier

    qs = Supplier.objects.visible().select_related("commune__department").prefetch_related("activities__sectors")
    if params.get("q"):
        qs = qs.filter(Q(name__icontains=params["q"]) | Q(brand__icontains=params["q"]))
    if params.get("sector"):
        qs = qs.filter(activities__sectors__slug=params["sector"]).distinct()
    if params.get("department"):
        qs = qs.filter(commune__department_id=params["department"])
    if params.get("region"):
        qs = qs.filter(commune__department__region_id=params["region"])
    if params.get("kind"):
        qs = qs.filter(kind=params["kind"])
    if params.get("certified"):
        qs = qs.filter(certified=True)
    qs.count()
    list(qs.order_by("name")[:20])


def measure(run, runs: int) -> dict:
    """Time ``run(kind, params)`` over the query mix ``runs`` times (after one warm-up
    pass). ``run`` may return Elasticsearch's own took in ms."""
    for _, params in QUERIES:
        run(params)
    times, took, per_kind, per_query = [], [], {}, {}
    for _ in range(runs):
        for kind, params in QUERIES:
            start = time.perf_counter()
            engine_ms = run(params)
            elapsed = (time.perf_counter() - start) * 1000
            times.append(elapsed)
            per_kind.setdefault(kind, []).append(elapsed)
            per_query.setdefault(json.dumps(params, ensure_ascii=False), []).append(elapsed)
            if engine_ms is not None:
                took.append(engine_ms)
    stats = summary(times)
    stats["per_kind"] = {kind: summary(values) for kind, values in per_kind.items()}
    stats["p50_ms_per_query"] = {q: round(percentile(v, 50), 1) for q, v in per_query.items()}
    if took:
        stats["took"] = summary(took)
    return stats


def time_engine(name: str, runs: int) -> dict:
    from bench.engines import make_query, searcher

    queries = {json.dumps(p, sort_keys=True): make_query(p) for _, p in QUERIES}
    run = searcher(name)
    return measure(lambda p: run(queries[json.dumps(p, sort_keys=True)]), runs)


def time_import(lines: int, work_dir: Path) -> dict:
    """import_suppliers' throughput on a CSV of generated suppliers (new SIRETs: creations)."""
    from marche.core import catalogue
    from marche.sectors.models import Sector
    from marche.suppliers.imports import COLUMNS, import_file
    from marche.suppliers.models import Supplier

    ref = catalogue._Reference()
    path = work_dir / "import.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS + ["services", "perimeter_communes"])
        writer.writeheader()
        slugs = dict(Sector.objects.values_list("id", "slug"))
        for i in range(IMPORT_START, IMPORT_START + lines):
            d = catalogue.draft(i, ref)
            s = d.supplier
            a = d.activities[0]  # one line, one activity (the CSV's rule)
            writer.writerow(
                {
                    "siret": s.siret, "name": s.name, "brand": s.brand, "kind": s.kind,
                    "sectors": "|".join(slugs[x] for x in a.sectors), "description": s.description,
                    "address": s.address, "postal_code": s.postal_code, "city_insee": s.commune_id,
                    "perimeter_kind": a.perimeter_kind, "perimeter_radius_km": a.radius_km or "",
                    "perimeter_departments": "|".join(a.departments), "perimeter_regions": "|".join(a.regions),
                    "perimeter_communes": "|".join(a.communes),
                    "convention_end_date": s.convention_end_date.isoformat(), "email": s.contact_email,
                    "phone": s.contact_phone, "website": s.website, "logo_path": "",
                    "services": "|".join(a.service_kinds),
                }
            )  # fmt: skip
    before = Supplier.objects.count()
    start = time.perf_counter()
    report = import_file(path)
    seconds = time.perf_counter() - start
    if report.errors or report.created != lines or Supplier.objects.count() != before + lines:
        raise SystemExit(f"import_suppliers did not import the generated CSV: {report.errors[:3]}")
    return {"lines": lines, "seconds": round(seconds, 1), "lines_per_s": round(lines / seconds, 1)}


def worker(args) -> dict:
    """One backend, in this process: grow the catalogue size by size and time everything."""
    from django.conf import settings
    from django.db import connection
    from tqdm import tqdm

    from bench import engines as search_engines

    backend = connection.vendor
    engines = set(args.engines.split(","))
    use_es = "elasticsearch" in engines and args.elasticsearch
    prefix = f"bench-{os.getpid()}-{int(time.time())}"
    if use_es:
        settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
        settings.ELASTICSEARCH_INDEX_PREFIX = prefix
    else:
        settings.ELASTICSEARCH_URL = ""
    prepare_schema()
    out = {"backend": backend, "sizes": {}, "database_engine": None}
    sizes = sorted(args.sizes)
    try:
        db_done = None
        for size in sizes:
            row = {"engines": {}}
            generation = 0.0  # the catalogue may grow in two steps (database engine's sample, then size)
            # With --db-sample N the embedded engine is timed once, on the first N suppliers,
            # before the catalogue grows past them; by default (0) at every size, in full.
            sample = size if not args.db_sample else min(size, args.db_sample)
            if "database" in engines and (db_done is None or not args.db_sample):
                _, seconds = grow_catalogue(sample)
                generation += seconds
                prep = search_engines.prepare_database_engine()
                stats = time_engine("database", max(1, args.runs // args.db_runs_divisor))
                db_done = {**stats, "suppliers": sample, "prepare_s": round(prep, 1)}
            if "database" in engines:
                row["engines"][f"database ({backend})"] = db_done
            created, seconds = grow_catalogue(size)
            row["generation_s"] = round(generation + seconds, 1)
            if "orm" in engines:
                name = "orm_baseline" if backend == "sqlite" else f"orm_baseline ({backend})"
                row["engines"][name] = {**measure(orm_baseline, args.runs), "suppliers": size}
            if use_es:
                count, seconds = search_engines.rebuild_elasticsearch(
                    progress=lambda it, total: tqdm(it, total=total, desc="Indexation", unit="fiche")
                )
                row["rebuild_s"] = round(seconds, 1)
                row["indexed"] = count
                row["engines"]["elasticsearch"] = {**time_engine("elasticsearch", args.runs), "suppliers": count}
            out["sizes"][str(size)] = row
            print(f"[{backend}] {size} suppliers done", flush=True)
        if args.import_lines:
            work = Path(os.environ["VAR_DIR"])
            out["import_suppliers"] = {**time_import(args.import_lines, work), "backend": backend,
                                       "elasticsearch_recording": bool(settings.ELASTICSEARCH_URL)}  # fmt: skip
        if args.million and use_es:
            _, seconds = grow_catalogue(1_000_000, logos=False)
            count, rebuild_s = search_engines.rebuild_elasticsearch(
                progress=lambda it, total: tqdm(it, total=total, desc="Indexation", unit="fiche")
            )
            out["sizes"]["1000000"] = {
                "generation_s": round(seconds, 1),
                "rebuild_s": round(rebuild_s, 1),
                "indexed": count,
                "engines": {"elasticsearch": {**time_engine("elasticsearch", args.runs), "suppliers": count}},
            }
    finally:
        if use_es:
            search_engines.delete_elasticsearch_indices(prefix)
    return out


def run_worker(backend: str, database_url: str | None, args, var_dir: str) -> dict:
    result_file = Path(var_dir) / f"result-{backend}.json"
    command = [sys.executable, __file__, "--worker", "--result-file", str(result_file)]
    for option in ("sizes", "engines", "db_sample", "runs", "import_lines", "db_runs_divisor"):
        value = getattr(args, option)
        command += [
            f"--{option.replace('_', '-')}",
            ",".join(map(str, value)) if isinstance(value, list) else str(value),
        ]
    if args.million and backend == "sqlite":
        command.append("--million")
    if backend == "sqlite":
        command.append("--elasticsearch")  # Elasticsearch is indexed from one backend only
    env = {**os.environ, "VAR_DIR": var_dir}
    env["DATABASE_URL"] = database_url or f"sqlite:///{Path(var_dir) / 'bench.sqlite3'}"
    subprocess.run(command, env=env, check=True)
    return json.loads(result_file.read_text())


def table(report: dict) -> None:
    for size, row in report["sizes"].items():
        print(f"\n{size} suppliers (generation {row.get('generation_s')} s, rebuild {row.get('rebuild_s')} s)")
        print(f"{'engine':<30} {'on':>7} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'took p95':>9}")
        for name, stats in row["engines"].items():
            took = stats.get("took", {}).get("p95_ms", "")
            print(
                f"{name:<30} {stats['suppliers']:>7} {stats['queries']:>7} {stats['p50_ms']:>8} "
                f"{stats['p95_ms']:>8} {stats['p99_ms']:>8} {took:>9}"
            )
    for item in report.get("import_suppliers", {}).values():
        print(
            f"\nimport_suppliers ({item['backend']}): {item['lines']} lines in {item['seconds']} s = {item['lines_per_s']} lines/s"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="catalogue sizes, comma-separated")
    parser.add_argument("--million", action="store_true", help="also 1 000 000 suppliers, Elasticsearch only")
    parser.add_argument("--engines", default="database,elasticsearch,orm", help="among database,elasticsearch,orm")
    parser.add_argument("--db-sample", type=int, default=0, help="cap for the database engine (0: no cap)")
    parser.add_argument("--db-runs-divisor", type=int, default=1, help="the database engine runs runs/N times")
    parser.add_argument("--runs", type=int, default=20, help="passes over the query mix per engine")
    parser.add_argument("--import-lines", type=int, default=5000, help="lines of the import CSV (0: skip)")
    parser.add_argument("--output", default=str(RESULTS))
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--elasticsearch", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--result-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.sizes = [int(s) for s in str(args.sizes).split(",") if s]
    unknown = set(args.engines.split(",")) - {"database", "elasticsearch", "orm"}
    if unknown:
        parser.error(f"unknown engine(s): {', '.join(sorted(unknown))}")

    if args.worker:
        setup_django(os.environ["VAR_DIR"], os.environ["DATABASE_URL"])
        Path(args.result_file).write_text(json.dumps(worker(args)))
        return

    var_dir = tempfile.mkdtemp(prefix="bench-")
    node = None
    if "elasticsearch" in args.engines and not os.environ.get("ELASTICSEARCH_URL"):
        from search.elasticsearch.node import ElasticsearchNode

        node = ElasticsearchNode(cache_dir=ROOT / "var" / "elasticsearch")
        os.environ["ELASTICSEARCH_URL"] = node.start()
    database_url = os.environ.get("DATABASE_URL")
    outputs = []
    try:
        outputs.append(run_worker("sqlite", None, args, var_dir))
        if is_postgresql(database_url):
            scratch = scratch_postgresql(database_url, "_bench")
            try:
                outputs.append(run_worker("postgresql", scratch, args, var_dir))
            finally:
                drop_postgresql(database_url, scratch)
    finally:
        if node:
            node.stop()
        shutil.rmtree(var_dir, ignore_errors=True)  # the SQLite database and the import CSV

    sizes = {}
    for output in outputs:
        for size, row in output["sizes"].items():
            merged = sizes.setdefault(size, {"engines": {}})
            merged["engines"].update(row["engines"])
            for key in ("generation_s", "rebuild_s", "indexed"):
                if key in row and (key not in merged or output["backend"] == "sqlite"):
                    merged[key] = row[key]
    largest = str(max(args.sizes))
    top = sizes[largest]
    baseline = top["engines"].get("orm_baseline", {}).get("p95_ms")
    for row in sizes.values():
        base = row["engines"].get("orm_baseline", {}).get("p95_ms")
        for stats in row["engines"].values():
            if base:
                stats["p95_vs_orm_baseline"] = round(stats["p95_ms"] / base, 2)
    report = {
        "suppliers": int(largest),
        "indexed": top.get("indexed"),
        "generation_s": top.get("generation_s"),
        "rebuild_s": top.get("rebuild_s"),
        "engines": top["engines"],
        "sizes": sizes,
        "import_suppliers": {o["backend"]: o["import_suppliers"] for o in outputs if "import_suppliers" in o},
        "settings": {
            "runs": args.runs,
            "db_sample": args.db_sample,
            "engines": args.engines,
            "queries": [{"kind": k, "params": p} for k, p in QUERIES],
            "machine": f"{platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}",
            "date": time.strftime("%Y-%m-%d"),
        },
    }
    if report["indexed"] is None:
        del report["indexed"]
    # A new run replaces every figure of the previous one but the load script's.
    previous = json.loads(Path(args.output).read_text()) if Path(args.output).exists() else {}
    if "load" in previous:
        report["load"] = previous["load"]
    Path(args.output).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    table(report)
    if baseline:
        print(f"\nORM baseline p95 at {largest}: {baseline} ms")
    print(f"\nwritten to {args.output}")


if __name__ == "__main__":
    main()
