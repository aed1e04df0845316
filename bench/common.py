"""What the benchmark and the load script share: a Django set-up on a throwaway database,
the generated catalogue (marche/core/catalogue.py, the same generator as the demo),
percentiles and results.json."""

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def percentile(values, p):
    """Nearest-rank percentile (no interpolation), in the unit of ``values``."""
    values = sorted(values)
    if not values:
        return None
    index = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[index]


def summary(values) -> dict:
    return {
        "queries": len(values),
        "p50_ms": round(percentile(values, 50), 1),
        "p95_ms": round(percentile(values, 95), 1),
        "p99_ms": round(percentile(values, 99), 1),
    }


def is_postgresql(url: str | None) -> bool:
    return bool(url) and url.split(":", 1)[0] in ("postgres", "postgresql", "pgsql")


def scratch_postgresql(url: str, suffix: str) -> str:
    """A fresh database next to DATABASE_URL's (its name + ``suffix``), dropped first if
    left over by an interrupted run. Returns its URL."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + suffix
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def drop_postgresql(url: str, scratch_url: str) -> None:
    import psycopg

    name = urlsplit(scratch_url).path.lstrip("/")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def setup_django(var_dir: str, database_url: str | None = None) -> None:
    """Django on the Marché's settings, with everything local under ``var_dir``."""
    os.environ["VAR_DIR"] = var_dir
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{Path(var_dir) / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "marche.settings"
    os.environ["DEBUG"] = "1"
    import logging

    import django

    django.setup()
    # DEBUG=1 logs every Elasticsearch request at INFO: that write would be timed with the
    # engine. Warnings and errors still show.
    logging.getLogger("elastic_transport").setLevel(logging.WARNING)


def prepare_schema() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_geography", verbosity=0)


def grow_catalogue(size: int, *, logos: bool = True, progress=True) -> tuple[int, float]:
    """Bring the generated catalogue to ``size`` suppliers (only the missing ones are
    created). Returns (created, seconds). Elasticsearch is left out while generating: the
    bench rebuilds the index afterwards and times that separately."""
    import time

    from django.conf import settings
    from tqdm import tqdm

    from marche.core import catalogue

    saved, settings.ELASTICSEARCH_URL = settings.ELASTICSEARCH_URL, ""
    start = time.perf_counter()
    try:
        report = catalogue.generate(
            size,
            logos=logos,
            progress=(lambda it, total: tqdm(it, total=total, desc=f"Catalogue → {size}", unit="lot"))
            if progress
            else (lambda it, total: it),
        )
    finally:
        settings.ELASTICSEARCH_URL = saved
    return report.created, time.perf_counter() - start


def merge_results(update: dict, path: Path = RESULTS) -> dict:
    """Write ``update`` into results.json, keeping the keys it does not mention."""
    current = json.loads(path.read_text()) if path.exists() else {}
    current.update(update)
    path.write_text(json.dumps(current, indent=2, ensure_ascii=False) + "\n")
    return current
