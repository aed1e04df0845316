"""Tokens sent in links by email: random, and stored only as a hash."""

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """What the database keeps: a leak of it gives no usable link."""
    return hashlib.sha256(token.encode()).hexdigest()
