"""E-mail domains: free mail (refused for buyers) and the domain rule of buyer verification."""

from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings


@cache
def _free_domains(path: str) -> frozenset[str]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower().rstrip(".")


def is_free_mail(email: str) -> bool:
    return email_domain(email) in _free_domains(str(settings.FREE_EMAIL_DOMAINS_FILE))


def website_host(url: str) -> str:
    if not url:
        return ""
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


def same_organisation_domain(domain: str, host: str) -> bool:
    """``ville.fr`` matches ``ville.fr``, ``marches.ville.fr`` and ``services.ville.fr``'s parent."""
    if not domain or not host:
        return False
    return domain == host or domain.endswith("." + host) or host.endswith("." + domain)
