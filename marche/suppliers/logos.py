"""Logos: what the Marché accepts as a supplier's logo, and how it is stored.

Rule: the server decides what is stored. An upload is fully decoded and re-encoded by
Pillow (metadata dropped, longest side capped), under a name and an extension chosen from
the detected format; the client's file name and extension are never used, so no polyglot
(an image with HTML or SVG appended) can be served back as a page.
"""

import io
import re
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

ACCEPTED_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WebP"}
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
MAX_SIDE = 1200
UNREADABLE = "Ce fichier n'est pas une image lisible. Formats acceptés : PNG, JPEG ou WebP (le SVG n'est pas accepté)."


class CleanLogo(ContentFile):
    """A logo re-encoded by clean_logo(): safe to store as is."""


def _decode(uploaded) -> Image.Image:
    """Open and fully decode the upload (every pixel), refusing what is not a still logo."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > settings.LOGO_MAX_BYTES:
        raise ValidationError(
            f"Le logo pèse {size / 1024 / 1024:.1f} Mo : le maximum est {settings.LOGO_MAX_BYTES // (1024 * 1024)} Mo. "
            "Enregistrez-le en taille plus petite ou en JPEG."
        )
    try:
        uploaded.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(uploaded)
            fmt = image.format
            if fmt not in ACCEPTED_FORMATS:
                raise ValidationError(
                    f"Format {fmt} non accepté : envoyez un PNG, un JPEG ou un WebP (le SVG n'est pas accepté)."
                )
            if getattr(image, "is_animated", False):
                raise ValidationError(
                    "Les logos animés ne sont pas acceptés : envoyez une image fixe (PNG, JPEG ou WebP)."
                )
            # load() decodes every pixel: a truncated or corrupt file fails here, not later in a rendition.
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError("Cette image est anormalement grande en pixels : envoyez une version réduite.") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ValidationError(UNREADABLE) from exc
    finally:
        uploaded.seek(0)
    width, height = image.size
    if min(width, height) < settings.LOGO_MIN_PIXELS:
        raise ValidationError(
            f"Le logo mesure {width}×{height} pixels : il doit faire au moins {settings.LOGO_MIN_PIXELS}×"
            f"{settings.LOGO_MIN_PIXELS} pixels pour rester net."
        )
    return image


def validate_logo(uploaded) -> str:
    """Check an uploaded logo; return its Pillow format (PNG, JPEG or WEBP).

    Rules: PNG, JPEG or WebP only (SVG and anything else refused); a still image that
    decodes entirely; at least LOGO_MIN_PIXELS on each side; at most LOGO_MAX_BYTES; not
    a decompression bomb. Each refusal says what to do, in French.
    """
    return _decode(uploaded).format


def clean_logo(uploaded) -> CleanLogo:
    """Validate the upload and return it re-encoded: same format, pixels only (no EXIF,
    no text chunk, nothing appended), longest side at most MAX_SIDE, a server-chosen name."""
    if isinstance(uploaded, CleanLogo):
        return uploaded
    image = _decode(uploaded)
    fmt = image.format
    if fmt == "JPEG":
        image = image.convert("RGB") if image.mode not in ("RGB", "L") else image
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    image.info = {}  # Pillow writes ICC profiles, EXIF, text chunks from info: none of them.
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return CleanLogo(buffer.getvalue(), name=f"logo-{uuid.uuid4().hex}.{EXTENSIONS[fmt]}")


def initials(name: str) -> str:
    """The placeholder of a supplier without a logo: the first letters of its first two words
    (« Les Jardins du Lien » → « JL », articles and small words skipped when there are others)."""
    from search.text import fold

    words = [w for w in re.split(r"[\s\-'’&/.,()]+", name or "") if w and w[0].isalnum()]
    meaningful = [w for w in words if fold(w) not in SMALL_WORDS] or words
    return "".join(w[0] for w in meaningful[:2]).upper() or "?"


# Skipped in initials unless the name has nothing else.
SMALL_WORDS = frozenset({"le", "la", "les", "l", "de", "du", "des", "d", "et", "a", "au", "aux", "en", "sur", "pour"})
