"""The RS256 key that signs ID tokens.

Production passes the PEM in ``OIDC_RSA_PRIVATE_KEY`` and, during a rotation, the
previous keys in ``OIDC_RSA_PRIVATE_KEYS_INACTIVE`` (PEMs separated by a blank line):
django-oauth-toolkit keeps publishing their public halves in the JWKS so tokens signed
before the rotation still verify. Locally a key is generated once under var/secrets.
"""

import os
import re

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import ImproperlyConfigured

from common.env import VAR_DIR

_PEM_BLOCK = re.compile(r"-----BEGIN [A-Z ]+-----.+?-----END [A-Z ]+-----", re.S)


def generate_private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def private_key(debug: bool) -> str:
    """The active signing key. Rule: production refuses to start without one."""
    pem = os.environ.get("OIDC_RSA_PRIVATE_KEY", "").strip()
    if pem:
        return pem
    if not debug:
        raise ImproperlyConfigured("OIDC_RSA_PRIVATE_KEY must be set when DEBUG is off.")
    path = VAR_DIR / "secrets" / "oidc-private-key.pem"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generate_private_key_pem())
        path.chmod(0o600)
    return path.read_text()


def inactive_private_keys() -> list[str]:
    return _PEM_BLOCK.findall(os.environ.get("OIDC_RSA_PRIVATE_KEYS_INACTIVE", ""))


def verify_id_token_hint(token: str, issuer: str) -> dict | None:
    """The claims of an ID token we issued, or None.

    Rule (RP-initiated logout): the signature is checked against the active key and the
    previous ones (a rotation must not break logout), and ``iss`` must be ours; the
    expiry is not checked and the token need not exist in the database any more, since a
    hint only says who asks to log out, and an expired or revoked token still says it.
    """
    import json

    from django.conf import settings
    from jwcrypto import jwt
    from jwcrypto.common import JWException
    from oauth2_provider.utils import jwk_from_pem

    provider = settings.OAUTH2_PROVIDER
    pems = [provider["OIDC_RSA_PRIVATE_KEY"], *provider.get("OIDC_RSA_PRIVATE_KEYS_INACTIVE", [])]
    for pem in pems:
        try:
            key = jwk_from_pem(pem)
            claims = json.loads(jwt.JWT(key=key, jwt=token, check_claims={}, algs=["RS256"]).claims)
        except (JWException, ValueError, TypeError):
            continue
        if isinstance(claims, dict) and claims.get("iss") == issuer:
            return claims
        return None
    return None
