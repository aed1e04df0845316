"""Needs matching benchmark: ``suppliers_for_need`` against a large catalogue.

    .venv/bin/python bench/matching_bench.py [--suppliers 100000] [--runs 10] [--backends sqlite,postgresql]

The catalogue is the demo generator's (marche/core/catalogue.py: activities with radius,
listed-commune, department, region and national perimeters), on a throwaway database per
backend: SQLite in a temporary directory, and PostgreSQL when DATABASE_URL is a
PostgreSQL URL (a scratch database `<name>_match`, dropped at the end). Each backend runs
in its own process (`--worker`). For a fixed mix of needs (a commune, several communes, a
department, a region, national; one sector or a whole group) it times the evaluation of
the matching query (every matching supplier read, certified first) `--runs` times after
a warm-up, and reports p50/p95/max per need and overall, with the number of suppliers
matched. Results merge into bench/results.json under `matching`. Timings live here,
never in tests.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    RESULTS,
    drop_postgresql,
    grow_catalogue,
    is_postgresql,
    merge_results,
    percentile,
    prepare_schema,
    scratch_postgresql,
    setup_django,
)

# name, sector slugs (or "group:<name>" for every sector of a group), where
NEEDS = [
    ("commune, one sector", ["nettoyage-de-locaux"], {"places": ["69383"]}),
    ("three communes, two sectors", ["creation-et-entretien-des-espaces-verts", "blanchisserie"],
     {"places": ["13055", "59350", "33063"]}),
    ("department, one sector", ["traiteur"], {"departments": ["59"]}),
    ("region, a whole group", ["group:Hygiène et Propreté"], {"regions": ["84"]}),
    ("national, one sector", ["menuiserie"], {"national": True}),
    ("commune without coordinates", ["nettoyage-de-locaux"], {"places": ["97601"]}),
]  # fmt: skip


def sector_ids(slugs) -> list[int]:
    from marche.sectors.models import Sector

    ids = []
    for slug in slugs:
        if slug.startswith("group:"):
            ids += Sector.objects.filter(group__name=slug[6:]).values_list("pk", flat=True)
        else:
            ids += Sector.objects.filter(slug=slug).values_list("pk", flat=True)
    return ids


def worker(args) -> dict:
    from django.db import connection

    from marche.search.selectors import place
    from marche.suppliers.matching import suppliers_for_need
    from marche.suppliers.models import Activity, Supplier

    prepare_schema()
    created, seconds = grow_catalogue(args.suppliers, logos=False, progress=not args.quiet)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    result = {
        "suppliers": Supplier.objects.count(),
        "activities": Activity.objects.count(),
        "generation_s": round(seconds, 1),
        "needs": {},
    }
    every = []
    for name, slugs, where in NEEDS:
        kwargs = dict(where)
        if "places" in kwargs:
            kwargs["places"] = [place(insee) for insee in kwargs["places"]]
        ids = sector_ids(slugs)

        def run(ids=ids, kwargs=kwargs):
            return len(list(suppliers_for_need(sector_ids=ids, **kwargs).values_list("pk", "certified")))

        matched = run()  # warm-up
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1000)
        every += times
        result["needs"][name] = {
            "matched": matched,
            "p50_ms": round(percentile(times, 50), 1),
            "p95_ms": round(percentile(times, 95), 1),
            "max_ms": round(max(times), 1),
        }
        print(f"  {name:<32} {matched:>6} matched  p50 {percentile(times, 50):7.1f} ms  max {max(times):7.1f} ms")
    result["overall"] = {
        "p50_ms": round(percentile(every, 50), 1),
        "p95_ms": round(percentile(every, 95), 1),
        "max_ms": round(max(every), 1),
    }
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suppliers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--worker", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        with tempfile.TemporaryDirectory(prefix="matching-bench-") as var_dir:
            setup_django(var_dir, args.database_url)
            Path(args.output).write_text(json.dumps(worker(args)))
        return

    url = os.environ.get("DATABASE_URL", "")
    results = {}
    for backend in args.backends.split(","):
        if backend == "postgresql" and not is_postgresql(url):
            print("postgresql: skipped (DATABASE_URL is not a PostgreSQL URL)")
            continue
        scratch = scratch_postgresql(url, "_match") if backend == "postgresql" else None
        print(f"== {backend}, {args.suppliers} suppliers")
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            command = [sys.executable, __file__, "--worker", backend, "--output", out.name]
            command += ["--suppliers", str(args.suppliers), "--runs", str(args.runs)]
            command += ["--database-url", scratch] if scratch else []
            command += ["--quiet"] if args.quiet else []
            try:
                subprocess.run(command, check=True)
                results[backend] = json.loads(Path(out.name).read_text())
            finally:
                if scratch:
                    drop_postgresql(url, scratch)
    results["settings"] = {
        "runs": args.runs,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average": list(os.getloadavg()),
        "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    previous = json.loads(RESULTS.read_text()).get("matching", {}) if RESULTS.exists() else {}
    merge_results({"matching": {**previous, **results}})  # a run of one backend keeps the other's
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
