"""Checks of uploaded proofs of belonging (Kbis or equivalent, mandate).

By hand rather than with a library: three signatures are all we accept, and reading the
first bytes is what decides, never the name or the Content-Type the browser sends.
"""

from django.conf import settings
from django.core.exceptions import ValidationError

SIGNATURES = {
    b"%PDF-": "pdf",
    b"\xff\xd8\xff": "jpg",
    b"\x89PNG\r\n\x1a\n": "png",
}


def proof_extension(upload) -> str:
    """The extension of an accepted proof, from its content; a clear French error otherwise."""
    limit = settings.CLAIM_PROOF_MAX_BYTES
    if upload.size == 0:
        raise ValidationError("Le fichier est vide.")
    if upload.size > limit:
        raise ValidationError(
            f"Le fichier fait {upload.size / 1024 / 1024:.1f} Mo : la taille maximale est de {limit // 1024 // 1024} Mo."
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, extension in SIGNATURES.items():
        if head.startswith(signature):
            return extension
    raise ValidationError("Format non accepté : envoyez un PDF, un JPEG ou un PNG.")
