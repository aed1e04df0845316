"""Settings of Compte inclusion (the provider). Every value comes from the environment."""

from common.env import (
    BASE_DIR,
    database_config,
    debug_default,
    env_bool,
    env_int,
    env_list,
    env_str,
    secret_key,
)
from common.security_settings import *  # noqa: F403 (security headers, one module for both services)
from common.settings import shared_settings

SERVICE = "sso"
# Off unless asked for: a forgotten variable in production must not mean debug pages and
# generated secrets. `make run` and the Procfile set DEBUG=1; the test settings turn it on
# (common.env.debug_default).
DEBUG = env_bool("DEBUG", debug_default())
SECRET_KEY = secret_key(SERVICE, DEBUG)
globals().update(shared_settings(SERVICE, DEBUG))
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

SSO_ISSUER = env_str("SSO_ISSUER", "http://localhost:8001").rstrip("/")
MARCHE_URL = env_str("MARCHE_URL", "http://localhost:8000").rstrip("/")
# The version of the terms of use in force (templates/legal/terms.html): change it with
# the text, and every account is asked to accept the new version at its next request.
TERMS_VERSION = env_str("TERMS_VERSION", "2026-11-23")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "dsfr",
    "widget_tweaks",
    "oauth2_provider",
    "axes",
    "sso.accounts",
    "sso.organizations",
    "sso.oidc",
    "sso.core",
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
    "django.contrib.messages.middleware.MessageMiddleware",
    "sso.accounts.middleware.TermsAcceptanceRequired",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns locked-out logins into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sso.urls"
WSGI_APPLICATION = "sso.wsgi.application"

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
                "sso.organizations.context_processors.current_organization",
            ],
        },
    },
]

DATABASES = {"default": database_config(SERVICE)}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "sso.accounts.backends.EmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Hashes imported from les emplois and the former Marché stay valid and are
    # upgraded to Argon2 at the next successful login.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

SESSION_COOKIE_NAME = "ci_sessionid"
CSRF_COOKIE_NAME = "ci_csrftoken"
X_FRAME_OPTIONS = "DENY"

# Login throttling (django-axes), rules in sso.accounts.throttling: a lockout per
# (account, IP) pair after LOGIN_FAILURE_LIMIT failures, plus wider ceilings per account
# and per IP; the account is its lower-cased email.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 20)
LOGIN_IP_FAILURE_LIMIT = env_int("LOGIN_IP_FAILURE_LIMIT", 100)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "sso.accounts.throttling.ThrottleHandler"
AXES_USERNAME_CALLABLE = "sso.accounts.throttling.normalised_username"
AXES_CLIENT_IP_CALLABLE = "common.http.client_ip"
AXES_LOCKOUT_CALLABLE = "sso.accounts.throttling.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout do not push its end back: the time shown on the lockout page holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
# Number of HTTPS proxies in front of the web processes that append to X-Forwarded-For.
# 0 (the default): the client is REMOTE_ADDR and the header is never read (see common.http).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Counters shared by every web process (rate limits): the database cache by default
# (its table is created by the accounts migrations).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "sso_cache",
    }
}
# Mails asked through public forms (sign-up, password reset, new verification link):
# at most this many per address and per client IP in each window.
ACCOUNT_MAILS_PER_ADDRESS = env_int("ACCOUNT_MAILS_PER_ADDRESS", 5)
ACCOUNT_MAILS_PER_IP = env_int("ACCOUNT_MAILS_PER_IP", 30)
ACCOUNT_MAIL_WINDOW_SECONDS = env_int("ACCOUNT_MAIL_WINDOW_SECONDS", 3600)


DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Compte inclusion <ne-pas-repondre@inclusion.example>")

# OpenID Connect provider (django-oauth-toolkit). The signing key comes from the
# environment in production; locally one is generated under var/ (see sso.oidc.keys).
from sso.oidc.keys import inactive_private_keys, private_key  # noqa: E402
from sso.oidc.pkce import pkce_required  # noqa: E402

# DOT's default, named so that migrations of our models pointing at clients resolve it.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_ISS_ENDPOINT": SSO_ISSUER,
    "OIDC_RSA_PRIVATE_KEY": private_key(DEBUG),
    "OIDC_RSA_PRIVATE_KEYS_INACTIVE": inactive_private_keys(),
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "OIDC_RP_INITIATED_LOGOUT_STRICT_REDIRECT_URIS": True,
    "PKCE_REQUIRED": pkce_required,
    # RFC 9700 (OAuth 2.0 Security BCP), every gate on: no implicit or password grant, PKCE
    # S256 only, access tokens never in a query string, `iss` in authorization responses
    # (RFC 9207), tokens stored hashed.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
    # Only these are enabled (sso.oidc.validators.ENABLED_GRANT_TYPES) and advertised.
    "OAUTH2_GRANT_TYPES_SUPPORTED": ["authorization_code", "refresh_token", "client_credentials"],
    "OAUTH2_RESPONSE_TYPES_SUPPORTED": ["code"],
    "OIDC_RESPONSE_TYPES_SUPPORTED": ["code"],
    "OAUTH2_VALIDATOR_CLASS": "sso.oidc.validators.InclusionOAuth2Validator",
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "REFRESH_TOKEN_EXPIRE_SECONDS": 30 * 24 * 3600,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http"] if DEBUG else ["https"],
    "ROTATE_REFRESH_TOKEN": True,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "SCOPES": {
        "openid": "Vous identifier",
        "email": "Connaître votre adresse e-mail",
        "profile": "Connaître vos nom et prénom",
        "organizations": "Connaître les organisations dont vous êtes membre",
        "directory": "Lire l'annuaire des organisations (services partenaires, sans utilisateur)",
        "marche.suppliers.read": "Consulter les fiches fournisseurs du Marché (partenaires, sans utilisateur)",
    },
    "DEFAULT_SCOPES": ["openid"],
}


# Email uniqueness is case-insensitive (a UniqueConstraint on Lower("email")), which this
# check does not see.
SILENCED_SYSTEM_CHECKS = [*globals()["SILENCED_SYSTEM_CHECKS"], "auth.W004"]

# Lifetimes of the links sent by email, in hours.
ACCOUNT_VERIFICATION_LINK_HOURS = env_int("ACCOUNT_VERIFICATION_LINK_HOURS", 48)
ACCOUNT_PASSWORD_RESET_LINK_HOURS = env_int("ACCOUNT_PASSWORD_RESET_LINK_HOURS", 2)
ACCOUNT_EMAIL_CHANGE_LINK_HOURS = env_int("ACCOUNT_EMAIL_CHANGE_LINK_HOURS", 24)

# Organisations.
STRUCTURES_GRACE_DAYS = env_int("STRUCTURES_GRACE_DAYS", 30)
STRUCTURES_MAX_DEACTIVATION_PERCENT = env_int("STRUCTURES_MAX_DEACTIVATION_PERCENT", 5)
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)
MAX_PENDING_INVITATIONS = env_int("MAX_PENDING_INVITATIONS", 30)

# --- Trust: proof of belonging, buyer verification (issue 10) ----------------------------
from pathlib import Path  # noqa: E402

from common.env import VAR_DIR  # noqa: E402

# Claim links sent to the ASP's technical contact of an SIAE.
CLAIM_LINK_HOURS = env_int("CLAIM_LINK_HOURS", 48)
# A new link for the same claim cannot be asked for before this delay (no mail flooding).
CLAIM_RESEND_MINUTES = env_int("CLAIM_RESEND_MINUTES", 5)
# Proof documents (Kbis, mandate): private files outside MEDIA_ROOT, never served publicly.
PRIVATE_FILES_ROOT = Path(env_str("PRIVATE_FILES_ROOT", str(VAR_DIR / "private")))
CLAIM_PROOF_MAX_BYTES = env_int("CLAIM_PROOF_MAX_BYTES", 5 * 1024 * 1024)
CLAIM_PROOF_MAX_AGE_DAYS = env_int("CLAIM_PROOF_MAX_AGE_DAYS", 92)
# Free mail domains refused for buyers' sign-up: one domain a line in the file.
FREE_EMAIL_DOMAINS_FILE = Path(
    env_str("FREE_EMAIL_DOMAINS_FILE", str(BASE_DIR / "sso" / "organizations" / "data" / "free_email_domains.txt"))
)

# OpenID Connect Back-Channel Logout: each post to a relying party waits at most this long
# (on a background thread), a failed one is tried once more after the delay, and a logout
# token is valid this long.
BACKCHANNEL_LOGOUT_TIMEOUT_SECONDS = env_int("BACKCHANNEL_LOGOUT_TIMEOUT_SECONDS", 5)
BACKCHANNEL_LOGOUT_RETRY_DELAY_SECONDS = env_int("BACKCHANNEL_LOGOUT_RETRY_DELAY_SECONDS", 2)
BACKCHANNEL_LOGOUT_TOKEN_LIFETIME_SECONDS = env_int("BACKCHANNEL_LOGOUT_TOKEN_LIFETIME_SECONDS", 120)
