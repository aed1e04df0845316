"""Read settings from environment variables with safe local defaults."""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
# Everything generated on a machine (SQLite files, keys, mails, caches) lives here; gitignored.
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """Parse a boolean variable; an unreadable value is an error rather than a silent default."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def debug_default() -> bool:
    """DEBUG when the DEBUG variable is not set: off, except under the test settings.

    The test settings (``<service>.settings.test``) cannot set DEBUG themselves: the
    package ``<service>.settings`` imports the base settings, which read DEBUG and the
    secrets, before the test module runs. So the choice is made here, from the settings
    module's name (pytest-django sets DJANGO_SETTINGS_MODULE from --ds before importing).
    """
    return os.environ.get("DJANGO_SETTINGS_MODULE", "").endswith(".settings.test")


class MissingSecret(ImproperlyConfigured):
    """Production (DEBUG off, the default) refuses to start without one of its secrets."""

    def __init__(self, name: str, what: str):
        super().__init__(
            f"{name} must be set when DEBUG is off ({what}). DEBUG defaults to off: production "
            f"needs {name}; for local development set DEBUG=1 (make run and the tests do)."
        )
        self.name = name


def required_secret(name: str, what: str, debug: bool, dev_file: Path | None = None) -> str:
    """The secret ``name`` from the environment. Rule: production (DEBUG off) refuses to
    start without it; in development it is read from ``dev_file`` (written by load_demo
    under var/secrets/) when there is one, else empty."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if not debug:
        raise MissingSecret(name, what)
    if dev_file is not None and dev_file.exists():
        return dev_file.read_text().strip()
    return ""


def secret_key(service: str, debug: bool) -> str:
    """Return SECRET_KEY from the environment.

    Rule: production (DEBUG off) refuses to start without one. In local development a
    random key is generated once per machine and kept under var/, never in git.
    """
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if not debug:
        raise MissingSecret("SECRET_KEY", "the Django secret key")
    path = VAR_DIR / "secrets" / f"{service}-secret-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def database_config(service: str) -> dict:
    """The service's database from DATABASE_URL, else its own SQLite file under var/db/.

    Each service has its own database: in production each process gets its own
    DATABASE_URL. Tests give each service a distinct test database name so the two
    suites can share one PostgreSQL server (see the test settings).
    """
    import dj_database_url

    url = os.environ.get("DATABASE_URL")
    if not url:
        db_dir = VAR_DIR / "db"
        db_dir.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{db_dir / f'{service}.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Several processes (web + worker) share the file: wait on locks instead of failing.
        config.setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    return config
