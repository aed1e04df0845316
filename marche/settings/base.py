"""Settings of le Marché. Every value comes from the environment."""

from pathlib import Path

from common.env import (
    BASE_DIR,
    VAR_DIR,
    database_config,
    debug_default,
    env_bool,
    env_int,
    env_list,
    env_str,
    required_secret,
    secret_key,
)
from common.security_settings import *  # noqa: F403 (security headers, one module for both services)
from common.settings import shared_settings

SERVICE = "marche"
# Off unless asked for: a forgotten variable in production must not mean debug pages and
# generated secrets. `make run` and the Procfile set DEBUG=1; the test settings turn it on
# (common.env.debug_default).
DEBUG = env_bool("DEBUG", debug_default())
SECRET_KEY = secret_key(SERVICE, DEBUG)
globals().update(shared_settings(SERVICE, DEBUG))
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

MARCHE_URL = env_str("MARCHE_URL", "http://localhost:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = MARCHE_URL
WAGTAIL_SITE_NAME = "Le Marché de l'inclusion"
# The admin in French for everyone: French is the only language an editor can choose
# (Wagtail otherwise offers every language it ships and keeps the editor's choice).
# Content is single-language (no WAGTAIL_I18N locales to manage).
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]

INSTALLED_APPS = [
    "marche.users",
    "marche.core",
    "marche.home",
    "marche.geography",
    "marche.sectors",
    "marche.suppliers",
    "marche.needs",
    "marche.contact",
    "marche.checker",
    "marche.lists",
    "search",
    "marche.search",
    "marche.api",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "dsfr",
    "widget_tweaks",
    "mozilla_django_oidc",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "common.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Re-checks the person with the provider (prompt=none) when the ID token is older than
    # OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS: a logout or a deactivation there reaches the Marché.
    "marche.users.middleware.NavigationSessionRefresh",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "marche.urls"
WSGI_APPLICATION = "marche.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "common.context_processors.service",
            ],
        },
    },
]

DATABASES = {"default": database_config(SERVICE)}

AUTH_USER_MODEL = "users.User"
# No password on the Marché: people log in through Compte inclusion only.
AUTHENTICATION_BACKENDS = ["marche.users.auth.InclusionOIDCBackend"]
LOGIN_URL = "oidc_authentication_init"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
LOGIN_REDIRECT_URL_FAILURE = "/connexion/echec/"

SESSION_COOKIE_NAME = "marche_sessionid"
CSRF_COOKIE_NAME = "marche_csrftoken"

# Compte inclusion, the OpenID Connect provider. SSO_INTERNAL_URL is how this server
# reaches the provider (a private address in production); SSO_ISSUER is what browsers see.
SSO_ISSUER = env_str("SSO_ISSUER", "http://localhost:8001").rstrip("/")
SSO_INTERNAL_URL = env_str("SSO_INTERNAL_URL", SSO_ISSUER).rstrip("/")
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "marche")
OIDC_RP_CLIENT_SECRET = required_secret(
    "OIDC_RP_CLIENT_SECRET",
    "the Marché's OpenID Connect client secret at Compte inclusion",
    DEBUG,
    VAR_DIR / "secrets" / "marche-oidc-client-secret",
)
# The directory API (client credentials) that sync_suppliers reads.
DIRECTORY_CLIENT_ID = env_str("DIRECTORY_CLIENT_ID", "marche-annuaire")
DIRECTORY_CLIENT_SECRET = env_str("DIRECTORY_CLIENT_SECRET") or (
    (VAR_DIR / "secrets" / "marche-directory-client-secret").read_text().strip()
    if (VAR_DIR / "secrets" / "marche-directory-client-secret").exists()
    else ""
)
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile organizations"
OIDC_OP_AUTHORIZATION_ENDPOINT = f"{SSO_ISSUER}/o/authorize/"
OIDC_OP_TOKEN_ENDPOINT = f"{SSO_INTERNAL_URL}/o/token/"
OIDC_OP_USER_ENDPOINT = f"{SSO_INTERNAL_URL}/o/userinfo/"
OIDC_OP_JWKS_ENDPOINT = f"{SSO_INTERNAL_URL}/o/.well-known/jwks.json"
OIDC_OP_LOGOUT_URL = f"{SSO_ISSUER}/o/logout/"
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = env_int("OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS", 15 * 60)
OIDC_EXEMPT_URLS = ["/healthz", "login_failed"]
OIDC_OP_LOGOUT_URL_METHOD = "marche.users.auth.provider_logout_url"
OIDC_CALLBACK_CLASS = "marche.users.views.CallbackView"

# Search: Elasticsearch when ELASTICSEARCH_URL is set, else the embedded database engine.
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "marche")
ELASTICSEARCH_FULL_ANALYSIS = env_bool("ELASTICSEARCH_FULL_ANALYSIS", False)
ELASTICSEARCH_REPLICAS = env_int("ELASTICSEARCH_REPLICAS", 0)
# A search waits this long for Elasticsearch before the embedded engine answers instead.
SEARCH_TIMEOUT_SECONDS = float(env_str("SEARCH_TIMEOUT_SECONDS", "1.0"))
# Circuit breaker: after this many failures in a row (a timeout counts for all of them),
# Elasticsearch is not asked for this many seconds.
SEARCH_BREAKER_FAILURES = env_int("SEARCH_BREAKER_FAILURES", 3)
SEARCH_BREAKER_OPEN_SECONDS = env_int("SEARCH_BREAKER_OPEN_SECONDS", 30)
# How a supplier becomes a search document: the Marché's source, handed to the search library.
SEARCH_DOCUMENT_SOURCE = "marche.suppliers.documents"

# Certification: a detailed description has at least this many words of plain text.
CERTIFICATION_MIN_DESCRIPTION_WORDS = env_int("CERTIFICATION_MIN_DESCRIPTION_WORDS", 100)
LOGO_MAX_BYTES = env_int("LOGO_MAX_BYTES", 2 * 1024 * 1024)
LOGO_MIN_PIXELS = env_int("LOGO_MIN_PIXELS", 100)

# Needs: notification stops once this many suppliers said they are interested; mails go
# out in batches of this size (certified suppliers first).
NEEDS_INTERESTED_LIMIT = env_int("NEEDS_INTERESTED_LIMIT", 20)
NEEDS_NOTIFICATION_BATCH = env_int("NEEDS_NOTIFICATION_BATCH", 50)
NEEDS_REMINDER_AFTER_DAYS = env_int("NEEDS_REMINDER_AFTER_DAYS", 3)
NEEDS_ATTACHMENT_MAX_BYTES = env_int("NEEDS_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# Needs' attachments: private files outside MEDIA_ROOT, served by a view that checks rights.
PRIVATE_FILES_ROOT = Path(env_str("PRIVATE_FILES_ROOT", str(VAR_DIR / "private" / "marche")))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_LOGIN_URL = "/oidc/authenticate/"


DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Le Marché de l'inclusion <ne-pas-repondre@inclusion.example>")

# OpenID Connect Back-Channel Logout (/oidc/backchannel-logout/): a logout token older
# than this is refused.
BACKCHANNEL_LOGOUT_MAX_AGE_SECONDS = env_int("BACKCHANNEL_LOGOUT_MAX_AGE_SECONDS", 120)
# Contact relay: at most this many messages per buyer per window (nothing is sent beyond);
# attachments up to this size; conversations anonymised this many months after their last message.
CONTACT_MESSAGES_PER_BUYER = env_int("CONTACT_MESSAGES_PER_BUYER", 10)
CONTACT_WINDOW_SECONDS = env_int("CONTACT_WINDOW_SECONDS", 24 * 3600)
CONTACT_ATTACHMENT_MAX_BYTES = env_int("CONTACT_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)
CONTACT_RETENTION_MONTHS = env_int("CONTACT_RETENTION_MONTHS", 24)
# "Vérifier vos fournisseurs": lines per check, size of an uploaded file, days a result stays downloadable.
CHECKER_MAX_LINES = env_int("CHECKER_MAX_LINES", 5000)
CHECKER_MAX_UPLOAD_BYTES = env_int("CHECKER_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
CHECKER_RESULT_DAYS = env_int("CHECKER_RESULT_DAYS", 1)
# Counters shared by every web process (API rate limits) and the partner API's brief cache of
# token introspections: the database cache by default (its table is created by the
# migrations of marche.api).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "marche_cache",
    }
}
# Public APIs: at most COUNT calls per SECONDS, per client IP and per partner client (429
# with Retry-After beyond). "search" is the search API (and its autocomplete), "partner" the
# lookup API for partners.
API_RATE_LIMITS = {
    "search": {
        "ip": (env_int("SEARCH_API_PER_IP", 120), env_int("SEARCH_API_WINDOW_SECONDS", 60)),
        "client": (env_int("SEARCH_API_PER_CLIENT", 600), env_int("SEARCH_API_WINDOW_SECONDS", 60)),
    },
    "autocomplete": {
        "ip": (env_int("AUTOCOMPLETE_PER_IP", 600), env_int("SEARCH_API_WINDOW_SECONDS", 60)),
    },
    "partner": {
        "ip": (env_int("PARTNER_API_PER_IP", 120), env_int("PARTNER_API_WINDOW_SECONDS", 60)),
        "client": (env_int("PARTNER_API_PER_CLIENT", 600), env_int("PARTNER_API_WINDOW_SECONDS", 60)),
    },
}
# The partner lookup API accepts client-credentials tokens of Compte inclusion with this
# scope, checked by introspection and cached this long (never past the token's expiry).
PARTNER_API_SCOPE = "marche.suppliers.read"
PARTNER_API_INTROSPECTION_CACHE_SECONDS = env_int("PARTNER_API_INTROSPECTION_CACHE_SECONDS", 60)
# 0 (the default): the client IP is REMOTE_ADDR and X-Forwarded-For is never read (see common.http).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
