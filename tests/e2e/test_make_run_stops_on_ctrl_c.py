"""`make run`: the banner (addresses, demo logins, demo password) comes once both services
answer, and Ctrl-C stops both servers and the worker even when the output goes to a pipe
that dies first (`make run | tee log`, where Ctrl-C kills tee too)."""

import os
import re
import selectors
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from search.elasticsearch.node import free_port
from sso.core.demo_accounts import ACCOUNTS, DEMO_PASSWORD

from .conftest import ROOT

PARIS = ZoneInfo("Europe/Paris")


def _read_until(stream, pattern: str, deadline: float) -> str:
    """What the process wrote until ``pattern`` appears (fails at the deadline)."""
    selector = selectors.DefaultSelector()
    selector.register(stream, selectors.EVENT_READ)
    seen = b""
    while not re.search(pattern.encode(), seen):
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"{pattern!r} never came:\n{seen.decode(errors='replace')[-4000:]}"
        if selector.select(timeout=remaining):
            chunk = os.read(stream.fileno(), 65536)
            assert chunk, f"the output ended before {pattern!r}:\n{seen.decode(errors='replace')[-4000:]}"
            seen += chunk
    return seen.decode(errors="replace")


def _port_free(port: int) -> bool:
    """A new server could listen there (as runserver does: SO_REUSEADDR, so connections
    of the stopped one left in TIME_WAIT do not count)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has stopped; only its parent has not read its status yet.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.fixture
def run(services):
    marche_port, sso_port = free_port(), free_port()
    env = {
        **services.env,
        "MARCHE_PORT": str(marche_port),
        "SSO_PORT": str(sso_port),
        "MARCHE_URL": f"http://127.0.0.1:{marche_port}",
        "SSO_ISSUER": f"http://127.0.0.1:{sso_port}",
        "MARCHE_DATABASE_URL": services.env["_marche_db"],
        "SSO_DATABASE_URL": services.env["_sso_db"],
    }
    env.pop("TZ", None)  # the runner chooses the logs' time zone itself
    process = subprocess.Popen(
        [sys.executable, "-m", "common.procfile_runner", "Procfile"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        # Like a terminal's foreground job: Ctrl-C is a SIGINT to this group.
        start_new_session=True,
    )
    yield process, marche_port, sso_port
    if process.poll() is None:  # the test failed half-way: leave nothing behind
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_banner_after_both_servers_paris_timestamps_and_ctrl_c_frees_the_ports_with_output_piped(run):
    process, marche_port, sso_port = run

    hours = {datetime.now(PARIS).strftime("%H")}
    output = _read_until(process.stdout, r"Ctrl-C arrête tout.*\n.*={20}", time.monotonic() + 120)
    hours.add(datetime.now(PARIS).strftime("%H"))

    pids = [int(pid) for pid in re.findall(r"\| (?:marche|sso|worker)\.1 started \(pid=(\d+)\)", output)]
    assert len(pids) == 3, output
    banner = output[output.index("Tout est prêt") :]
    assert f"Le Marché de l'inclusion : http://127.0.0.1:{marche_port}/" in banner
    assert f"Compte inclusion         : http://127.0.0.1:{sso_port}/" in banner
    assert all(email in banner for email, *_ in ACCOUNTS)
    assert f"Mot de passe de tous les comptes : {DEMO_PASSWORD}" in banner
    # Both servers had started before the banner (runserver says so before it listens; the
    # banner waits for their health checks).
    before = output[: output.index("Tout est prêt")]
    assert f"Starting development server at http://127.0.0.1:{marche_port}/" in before
    assert f"Starting development server at http://127.0.0.1:{sso_port}/" in before
    assert not _port_free(marche_port) and not _port_free(sso_port)
    # The logs' timestamps (honcho's and the servers') are in Paris time.
    assert set(re.findall(r"^(\d\d):\d\d:\d\d \w", output, re.M)) <= hours
    assert set(re.findall(r"\[\d\d/\w+/\d{4} (\d\d):\d\d:\d\d\]", output)) <= hours

    process.stdout.close()  # `tee` dies first
    os.killpg(process.pid, signal.SIGINT)  # then Ctrl-C reaches the job
    process.wait(timeout=30)

    assert _port_free(marche_port) and _port_free(sso_port)
    assert [pid for pid in pids if _alive(pid)] == []
