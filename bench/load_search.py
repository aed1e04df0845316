"""Load test of supplier search: the Marché under gunicorn, many concurrent clients.

    .venv/bin/python bench/load_search.py [--suppliers 2000] [--engine elasticsearch,database]
        [--clients 50] [--requests 2000] [--max-seconds 60] [--workers 2] [--threads 8]

Generates the catalogue (marche/core/catalogue.py) in a throwaway SQLite database (or a
scratch `<name>_load` database next to DATABASE_URL when it is PostgreSQL), rebuilds the
Elasticsearch index when that engine is chosen, then, for each engine of --engine in
turn (one generated catalogue for all), starts gunicorn on a free port of
127.0.0.1 (never another address), drives the search API (`/api/v1/suppliers/search`)
and the search page (`/recherche/`) from --clients threads until --requests requests are
done or --max-seconds have passed, whichever comes first, stops the server and
reports throughput, p50/p95/p99 and errors (any status but 200, or no answer), and writes
them into bench/results.json under `load` → engine. Timings live here, never in tests.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    RESULTS,
    drop_postgresql,
    grow_catalogue,
    is_postgresql,
    merge_results,
    prepare_schema,
    scratch_postgresql,
    setup_django,
    summary,
)

API = "/api/v1/suppliers/search"
PAGE = "/recherche/"
# (path, parameters): what buyers ask, through the API and through the page.
MIX = [
    (API, {"q": "traiteur", "near": "69123", "radius": "30"}),
    (API, {"q": "espaces verts", "serves": "13055"}),
    (API, {"q": "blanchisserie", "near": "59350", "radius": "50", "sort": "distance"}),
    (API, {"q": "nettoyage de locaux", "certified": "true"}),
    (API, {"sector": "nettoyage-de-locaux", "department": "33"}),
    (API, {"q": "menuserie"}),
    (API, {"near": "33063", "radius": "50", "page": "2"}),
    (API, {"kind": "ACI", "service": "PREST", "region": "84"}),
    (PAGE, {"q": "traiteur", "commune_insee": "69123", "mode": "near", "radius": "30"}),
    (PAGE, {"q": "espaces verts", "commune_insee": "13055", "mode": "serves"}),
]
LOOPBACK = "127.0.0.1"
# With DEBUG=0 the Marché expects an HTTPS proxy in front (BEHIND_HTTPS_PROXY) and redirects
# plain HTTP to https://: the clients say what that proxy would say.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def start_server(port: int, env: dict, workers: int, threads: int) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "marche.wsgi:application",
        "--bind", f"{LOOPBACK}:{port}", "--workers", str(workers), "--threads", str(threads),
        "--worker-class", "gthread", "--timeout", "60", "--log-level", "warning",
    ]  # fmt: skip
    # Its own process group: stopping it stops its workers, and nothing else.
    return subprocess.Popen(command, env=env, cwd=str(Path(__file__).resolve().parent.parent), start_new_session=True)


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def wait_ready(base: str, server: subprocess.Popen, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {server.returncode} before answering")
        try:
            if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer /healthz within {timeout} s")


def drive(base: str, clients: int, max_requests: int, max_seconds: float) -> dict:
    """``clients`` threads share a budget of ``max_requests`` and a deadline."""
    import requests

    lock = threading.Lock()
    state = {"issued": 0}
    records = []  # (path, milliseconds, error or None)
    samples = {}  # one message per kind of error, to tell what happened
    deadline = time.monotonic() + max_seconds

    def ticket():
        with lock:
            if state["issued"] >= max_requests or time.monotonic() >= deadline:
                return None
            state["issued"] += 1
            return state["issued"]

    def client():
        session = requests.Session()
        session.headers.update(PROXY_HEADERS)
        while (number := ticket()) is not None:
            path, params = MIX[number % len(MIX)]
            start = time.perf_counter()
            error = None
            try:
                response = session.get(base + path, params=params, timeout=30)
                if response.status_code != 200:
                    error = f"HTTP {response.status_code}"
                elif path == API and "count" not in response.json():
                    error = "réponse sans count"
            except (requests.RequestException, ValueError) as exc:
                error = type(exc).__name__
                with lock:
                    samples.setdefault(error, str(exc)[:300])
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                records.append((path, elapsed, error))

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    errors = [r for r in records if r[2]]
    report = {
        **summary([r[1] for r in records]),
        "requests": len(records),
        "seconds": round(wall, 1),
        "throughput_rps": round(len(records) / wall, 1) if wall else 0,
        "errors": len(errors),
        "error_kinds": sorted({r[2] for r in errors}),
        "error_samples": samples,
        "per_endpoint": {
            path: summary([r[1] for r in records if r[0] == path])
            for path in (API, PAGE)
            if any(r[0] == path for r in records)
        },
    }
    del report["queries"]
    return report


def wait_for_exit(pid: int) -> None:
    """Wait until process ``pid`` has ended (signal 0 only checks that it exists)."""
    print(f"waiting for process {pid} to end before serving", flush=True)
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        except PermissionError:  # it exists, owned by another user
            pass
        time.sleep(2)


def run_engine(engine: str, args, var_dir: str, prefix: str, es_url: str) -> dict:
    """gunicorn answering with ``engine`` on the generated catalogue, driven, then stopped."""
    import requests

    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "marche.settings",
        "DATABASE_URL": os.environ["DATABASE_URL"],  # set by setup_django: the generated catalogue
        "VAR_DIR": var_dir,
        "DEBUG": "0",  # as in production: no debug bookkeeping per request
        # The default INFO logs a line per Elasticsearch request: thousands of lines on the
        # console, not what is measured here.
        "LOG_LEVEL": "WARNING",
        "SECRET_KEY": secrets.token_urlsafe(50),  # this run only, never written anywhere
        # Production requires it; the bench never signs in (this run only, made up).
        "OIDC_RP_CLIENT_SECRET": secrets.token_urlsafe(30),
        "ALLOWED_HOSTS": LOOPBACK,
        # Unset = the embedded engine answers every search (the default of `make run`).
        "ELASTICSEARCH_URL": es_url if engine == "elasticsearch" else "",
        "ELASTICSEARCH_INDEX_PREFIX": prefix,
        # Every simulated client comes from one address: lift the per-IP limit (the counting,
        # one cache write per call, still happens and is part of what is measured).
        "SEARCH_API_PER_IP": "1000000000",
    }
    server = start_server(port, env, args.workers, args.threads)
    try:
        base = f"http://{LOOPBACK}:{port}"
        wait_ready(base, server)
        for path, params in MIX:  # warm-up, not counted: first renditions, connections, caches
            response = requests.get(base + path, params=params, headers=PROXY_HEADERS, timeout=60)
            if response.status_code != 200:
                raise SystemExit(f"warm-up: {path} {params} answered {response.status_code}")
        report = drive(base, args.clients, args.requests, args.max_seconds)
    finally:
        stop_server(server)
    report.update(
        {
            "engine": engine,
            "suppliers": args.suppliers,
            "clients": args.clients,
            "max_requests": args.requests,
            "max_seconds": args.max_seconds,
            "server": f"gunicorn gthread, {args.workers} workers x {args.threads} threads, 127.0.0.1",
            "date": time.strftime("%Y-%m-%d"),
        }
    )
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suppliers", type=int, default=2000)
    parser.add_argument("--engine", default=None,
                        help="elasticsearch, database or both comma-separated (one catalogue, one run "
                             "each); default: elasticsearch when ELASTICSEARCH_URL is set")  # fmt: skip
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000, help="stop after this many requests")
    parser.add_argument("--max-seconds", type=float, default=60, help="stop after this long, whatever is left")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    parser.add_argument("--after-pid", type=int, default=None,
                        help="generate now, but serve only once process PID (e.g. search_bench.py) "
                             "has ended, so that the two runs' timings do not overlap")  # fmt: skip
    parser.add_argument("--output", default=str(RESULTS))
    args = parser.parse_args()
    chosen = args.engine or ("elasticsearch" if os.environ.get("ELASTICSEARCH_URL") else "database")
    engines = [e for e in chosen.split(",") if e]
    unknown = set(engines) - {"elasticsearch", "database"}
    if unknown or not engines:
        parser.error(f"unknown engine(s): {', '.join(sorted(unknown)) or chosen!r}")
    if "elasticsearch" in engines and not os.environ.get("ELASTICSEARCH_URL"):
        parser.error("--engine elasticsearch needs ELASTICSEARCH_URL")

    var_dir = tempfile.mkdtemp(prefix="load-")
    base_url = os.environ.get("DATABASE_URL")
    database_url = scratch_postgresql(base_url, "_load") if is_postgresql(base_url) else None
    prefix = f"load-{os.getpid()}-{int(time.time())}"
    os.environ["ELASTICSEARCH_INDEX_PREFIX"] = prefix
    if "elasticsearch" not in engines:
        os.environ["ELASTICSEARCH_URL"] = ""
    setup_django(var_dir, database_url)
    from django.conf import settings
    from django.db import connections

    from bench import engines as search_engines

    es_url = settings.ELASTICSEARCH_URL
    reports = {}
    try:
        prepare_schema()
        grow_catalogue(args.suppliers)
        if "elasticsearch" in engines:
            count, seconds = search_engines.rebuild_elasticsearch()
            print(f"index rebuilt: {count} suppliers in {seconds:.1f} s")
        if "database" in engines:
            # The generator wrote the embedded index row by row; a rebuild also refreshes
            # the planner's statistics, as `search_index --rebuild` does in production.
            seconds = search_engines.prepare_database_engine()
            print(f"embedded index rebuilt in {seconds:.1f} s")
        connections.close_all()
        if args.after_pid:
            wait_for_exit(args.after_pid)
        for engine in engines:
            reports[engine] = run_engine(engine, args, var_dir, prefix, es_url)
    finally:
        if "elasticsearch" in engines:
            search_engines.delete_elasticsearch_indices(prefix)
        connections.close_all()
        if database_url:
            drop_postgresql(base_url, database_url)
        shutil.rmtree(var_dir, ignore_errors=True)

    output = Path(args.output)
    load = json.loads(output.read_text()).get("load", {}) if output.exists() else {}
    for engine, report in reports.items():
        report["database"] = "postgresql" if database_url else "sqlite"
        load[engine] = report
        print(
            f"\n{engine}, {args.suppliers} suppliers, {args.clients} clients: {report['requests']} requests in "
            f"{report['seconds']} s = {report['throughput_rps']} req/s; p50 {report['p50_ms']} ms, "
            f"p95 {report['p95_ms']} ms, p99 {report['p99_ms']} ms; errors {report['errors']} {report['error_kinds']}"
        )
        for path, stats in report["per_endpoint"].items():
            print(f"  {path}: {stats['queries']} requests, p50 {stats['p50_ms']} ms, p95 {stats['p95_ms']} ms")
    merge_results({"load": load}, output)
    print(f"written to {args.output} (load → {', '.join(reports)})")


if __name__ == "__main__":
    main()
