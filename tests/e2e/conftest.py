"""Browser tests: both services as real processes on free ports with fresh databases,
driven by Debian's Chromium through Playwright (never a browser downloaded by a tool).

Without Chromium the tests are skipped loudly, except under REQUIRE_BROWSER=1 (CI).
With DATABASE_URL pointing at PostgreSQL, each run creates two fresh databases on that
server and drops them afterwards; otherwise each service gets a fresh SQLite file.
"""

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from search.elasticsearch.node import free_port
from tests.conftest import unavailable

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Services:
    sso_url: str
    marche_url: str
    env: dict
    workdir: Path

    def manage(self, service: str, *args: str) -> subprocess.CompletedProcess:
        """Run a management command against the running service's database."""
        return _manage(self.env, service, *args)


def _manage(env: dict, service: str, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": f"{service}.settings", "DATABASE_URL": env[f"_{service}_db"]},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"manage.py {' '.join(args)} ({service}) failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
        )
    return result


class _Databases:
    """Fresh databases for one run: SQLite files, or new databases on the PostgreSQL server."""

    def __init__(self, workdir: Path):
        self.base = os.environ.get("DATABASE_URL", "")
        self.workdir = workdir
        self.created: list[str] = []

    @property
    def postgres(self) -> bool:
        return self.base.startswith(("postgres://", "postgresql://"))

    def create(self, service: str) -> str:
        if not self.postgres:
            return f"sqlite:///{self.workdir / f'{service}.sqlite3'}"
        import psycopg

        name = f"e2e_{service}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self._url_for("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return self._url_for(name)

    def drop_all(self) -> None:
        if not self.created:
            return
        import psycopg

        with psycopg.connect(self._url_for("postgres"), autocommit=True) as conn:
            for name in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _url_for(self, database: str) -> str:
        parts = urlsplit(self.base)
        return urlunsplit(parts._replace(path=f"/{database}"))


def _wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url}/healthz did not answer 200 within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def services(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("services")
    databases = _Databases(workdir)
    sso_port, marche_port = free_port(), free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "ELASTICSEARCH_URL", "DATABASE_URL"}
    }
    env.update(
        {
            "VAR_DIR": str(workdir / "var"),
            "DEBUG": "1",
            "SSO_ISSUER": f"http://127.0.0.1:{sso_port}",
            "MARCHE_URL": f"http://127.0.0.1:{marche_port}",
            "PYTHONUNBUFFERED": "1",
            # Short, so a test can see the Marché re-check the session with the provider.
            "OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS": "4",
        }
    )
    processes: list[subprocess.Popen] = []
    try:
        env["_sso_db"] = databases.create("sso")
        env["_marche_db"] = databases.create("marche")
        # The two migrations are independent: run them side by side on the two cores.
        migrations = [
            subprocess.Popen(
                [sys.executable, "manage.py", "migrate", "--noinput"],
                cwd=ROOT,
                env={**env, "DJANGO_SETTINGS_MODULE": f"{service}.settings", "DATABASE_URL": env[f"_{service}_db"]},
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for service in ("sso", "marche")
        ]
        for migration in migrations:
            output, _ = migration.communicate()
            if migration.returncode != 0:
                raise RuntimeError(f"migrate failed:\n{output[-3000:]}")
        for service in ("sso", "marche"):
            _manage(env, service, "load_demo")
        urls = {}
        for service, port in (("sso", sso_port), ("marche", marche_port)):
            log = workdir / f"{service}.log"
            process = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                cwd=ROOT,
                env={**env, "DJANGO_SETTINGS_MODULE": f"{service}.settings", "DATABASE_URL": env[f"_{service}_db"]},
                stdout=log.open("w"),
                stderr=subprocess.STDOUT,
            )
            processes.append(process)
            urls[service] = f"http://127.0.0.1:{port}"
            _wait_healthy(urls[service], process, log)
        yield Services(sso_url=urls["sso"], marche_url=urls["marche"], env=env, workdir=workdir)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        databases.drop_all()


def _chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    if not executable:
        unavailable("REQUIRE_BROWSER", "CHROMIUM", "no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser context per test; a screenshot of the last page is kept as an artefact."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-last.png"), full_page=True)
    finally:
        context.close()
