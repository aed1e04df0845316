"""Settings for the provider's tests: fast hashing, mail in memory, own test database name."""

from .base import *  # noqa: F403
from .base import DATABASES

# Named after the configured database, so people sharing one PostgreSQL server (each with
# their own DATABASE_URL) never share a test database, and distinct from the Marché's.
DATABASES["default"].setdefault("TEST", {})["NAME"] = (
    None if DATABASES["default"]["ENGINE"].endswith("sqlite3") else f"test_{DATABASES['default']['NAME']}_sso"
)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
