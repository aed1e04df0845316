"""What a request says about its client, read only from what we can trust."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The client's IP address.

    Rule: with ``TRUSTED_PROXY_COUNT`` = 0 (the default) the TCP peer (``REMOTE_ADDR``) is the
    client and ``X-Forwarded-For`` is ignored, since anyone can send it. Behind N trusted
    proxies, each appends the address it saw, so the client is the N-th address from the
    right; the entries further left were written by the client and are never trusted. A
    header too short or unreadable falls back to ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
