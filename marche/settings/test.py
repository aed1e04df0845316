"""Settings for the Marché's and search's tests."""

from .base import *  # noqa: F403
from .base import DATABASES

# Named after the configured database, as the provider's test settings do: people sharing
# one PostgreSQL server (each with their own DATABASE_URL) never share a test database.
DATABASES["default"].setdefault("TEST", {})["NAME"] = (
    None if DATABASES["default"]["ENGINE"].endswith("sqlite3") else f"test_{DATABASES['default']['NAME']}_marche"
)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests choose the search engine explicitly; ELASTICSEARCH_URL only tells where the test node is.
ELASTICSEARCH_URL = ""
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The test node is shared and slow to warm up: searches wait longer than in production;
# the tests of the timeout and the circuit breaker set their own.
SEARCH_TIMEOUT_SECONDS = 10.0
# Property-based tests call the search API and the autocomplete many times in one test: the
# rate-limit tests set their own, low limits.
API_RATE_LIMITS = {
    **API_RATE_LIMITS,  # noqa: F405
    "search": {"ip": (100_000, 60), "client": (100_000, 60)},
    "autocomplete": {"ip": (100_000, 60)},
}
