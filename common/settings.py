"""Settings both services share; each service's base settings start from these."""

from .env import BASE_DIR, VAR_DIR, env_bool, env_int, env_str


def shared_settings(service: str, debug: bool) -> dict:
    """Language, static and media files, mail, cookies, HTTPS and logging for ``service``.

    Production (DEBUG off) passes ``manage.py check --deploy`` with these defaults
    (tests/sso/test_deploy_checks.py runs it for both services).
    """
    hsts_preload = env_bool("SECURE_HSTS_PRELOAD", False)
    return {
        "LANGUAGE_CODE": "fr",
        "LANGUAGES": [("fr", "Français")],
        "TIME_ZONE": "Europe/Paris",
        "USE_I18N": True,
        "USE_TZ": True,
        "DEFAULT_AUTO_FIELD": "django.db.models.BigAutoField",
        "STATIC_URL": "/static/",
        "STATICFILES_DIRS": [BASE_DIR / "static"],
        "STATIC_ROOT": BASE_DIR / "staticfiles" / service,
        "MEDIA_URL": "/media/",
        "MEDIA_ROOT": BASE_DIR / "media" / service,
        "EMAIL_BACKEND": env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"),
        "EMAIL_FILE_PATH": VAR_DIR / "mail" / service,
        "EMAIL_HOST": env_str("EMAIL_HOST", "localhost"),
        "EMAIL_PORT": env_int("EMAIL_PORT", 25),
        "EMAIL_HOST_USER": env_str("EMAIL_HOST_USER"),
        "EMAIL_HOST_PASSWORD": env_str("EMAIL_HOST_PASSWORD"),
        "EMAIL_USE_TLS": env_bool("EMAIL_USE_TLS", False),
        # Both services run on localhost in development: distinct cookie names keep their sessions apart.
        "SESSION_COOKIE_SECURE": not debug,
        "CSRF_COOKIE_SECURE": not debug,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")
        if env_bool("BEHIND_HTTPS_PROXY", not debug)
        else None,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        # HTTPS only in production: plain HTTP is redirected (the proxy says which requests
        # came over HTTPS, SECURE_PROXY_SSL_HEADER), except the health check, which load
        # balancers call over HTTP on the private network.
        "SECURE_SSL_REDIRECT": env_bool("SECURE_SSL_REDIRECT", not debug),
        "SECURE_REDIRECT_EXEMPT": [r"^healthz$"],
        "SECURE_HSTS_SECONDS": env_int("SECURE_HSTS_SECONDS", 0 if debug else 365 * 24 * 3600),
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not debug),
        "SECURE_HSTS_PRELOAD": hsts_preload,
        # security.W021 (no HSTS preload): joining the browsers' preload list binds the whole
        # domain for years; the domain's owner decides it (SECURE_HSTS_PRELOAD=1), not this app.
        "SILENCED_SYSTEM_CHECKS": [] if hsts_preload else ["security.W021"],
        "LOGGING": {
            "version": 1,
            "disable_existing_loggers": False,
            "handlers": {"console": {"class": "logging.StreamHandler"}},
            "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
        },
    }
