"""Settings both services share; each service's base settings start from these."""

from .env import BASE_DIR, VAR_DIR, env_bool, env_int, env_str


def shared_settings(service: str, debug: bool) -> dict:
    """Language, static and media files, mail, cookies and logging for ``service``."""
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
        "LOGGING": {
            "version": 1,
            "disable_existing_loggers": False,
            "handlers": {"console": {"class": "logging.StreamHandler"}},
            "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
        },
    }
