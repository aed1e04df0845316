"""Counters of actions per key over a fixed window, in the shared cache.

Written by hand rather than with a library: we need only "at most N per window for this
key", and the counters must live in the cache every web process shares (the database
cache by default, see DESIGN.md), which this does in a dozen lines.
"""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    scope: str  # what is counted, e.g. "mail-address"
    count: int  # at most this many actions…
    seconds: int  # …per window of this length


@dataclass(frozen=True)
class Refusal:
    limit: Limit
    retry_after: int  # seconds until the window ends


def _key(limit: Limit, identity: str, window: int) -> str:
    # Hashed: identities are emails and IPs, which have no business in cache keys in clear.
    digest = hashlib.sha256(identity.strip().lower().encode()).hexdigest()[:32]
    return f"ratelimit:{limit.scope}:{digest}:{window}"


def hit(*checks: tuple[Limit, str]) -> Refusal | None:
    """Count one action against each (limit, identity); refuse it if any limit is already reached.

    Rule: a refused action is not counted, so waiting for the end of the window is
    always enough. The counts are approximate under heavy concurrency (the database
    cache's increment is a read then a write), which is fine for a flood guard.
    """
    now = int(time.time())
    keys = []
    for limit, identity in checks:
        window = now // limit.seconds
        key = _key(limit, identity, window)
        if (cache.get(key) or 0) >= limit.count:
            return Refusal(limit, (window + 1) * limit.seconds - now)
        keys.append((key, limit))
    for key, limit in keys:
        if not cache.add(key, 1, timeout=limit.seconds):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=limit.seconds)
    return None
