"""Settings of Compte inclusion (the provider). Every value comes from the environment."""

from common.env import (
    BASE_DIR,
    database_config,
    env_bool,
    env_int,
    env_list,
    env_str,
    secret_key,
)
from common.security_settings import *  # noqa: F403 (security headers, one module for both services)
from common.settings import shared_settings

SERVICE = "sso"
DEBUG = env_bool("DEBUG", True)
SECRET_KEY = secret_key(SERVICE, DEBUG)
globals().update(shared_settings(SERVICE, DEBUG))
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

SSO_ISSUER = env_str("SSO_ISSUER", "http://localhost:8001").rstrip("/")
MARCHE_URL = env_str("MARCHE_URL", "http://localhost:8000").rstrip("/")

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

# Login throttling (django-axes): per account and per IP.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "sso/accounts/lockout.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False


DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Compte inclusion <ne-pas-repondre@inclusion.example>")

# OpenID Connect provider (django-oauth-toolkit). The signing key comes from the
# environment in production; locally one is generated under var/ (see sso.oidc.keys).
from sso.oidc.keys import inactive_private_keys, private_key  # noqa: E402
from sso.oidc.pkce import pkce_required  # noqa: E402

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_ISS_ENDPOINT": SSO_ISSUER,
    "OIDC_RSA_PRIVATE_KEY": private_key(DEBUG),
    "OIDC_RSA_PRIVATE_KEYS_INACTIVE": inactive_private_keys(),
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "OIDC_RP_INITIATED_LOGOUT_STRICT_REDIRECT_URIS": True,
    "PKCE_REQUIRED": pkce_required,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
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
    },
    "DEFAULT_SCOPES": ["openid"],
}


# Email uniqueness is case-insensitive (a UniqueConstraint on Lower("email")), which this
# check does not see.
SILENCED_SYSTEM_CHECKS = ["auth.W004"]

# Lifetimes of the links sent by email, in hours.
ACCOUNT_VERIFICATION_LINK_HOURS = env_int("ACCOUNT_VERIFICATION_LINK_HOURS", 48)
ACCOUNT_PASSWORD_RESET_LINK_HOURS = env_int("ACCOUNT_PASSWORD_RESET_LINK_HOURS", 2)
ACCOUNT_EMAIL_CHANGE_LINK_HOURS = env_int("ACCOUNT_EMAIL_CHANGE_LINK_HOURS", 24)

# Organisations.
STRUCTURES_GRACE_DAYS = env_int("STRUCTURES_GRACE_DAYS", 30)
STRUCTURES_MAX_DEACTIVATION_PERCENT = env_int("STRUCTURES_MAX_DEACTIVATION_PERCENT", 5)
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)
MAX_PENDING_INVITATIONS = env_int("MAX_PENDING_INVITATIONS", 30)
