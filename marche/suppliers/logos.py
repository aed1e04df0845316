"""Logo validation: what the Marché accepts as a supplier's logo."""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

ACCEPTED_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WebP"}


def validate_logo(uploaded) -> str:
    """Check an uploaded logo; return its Pillow format.

    Rules: PNG, JPEG or WebP only (SVG and anything else refused); an image Pillow can
    open and verify; at least LOGO_MIN_PIXELS on each side; at most LOGO_MAX_BYTES; not a
    decompression bomb. Each refusal says what to do, in French.
    """
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
            with Image.open(uploaded) as image:
                fmt = image.format
                width, height = image.size
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError("Cette image est anormalement grande en pixels : envoyez une version réduite.") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            "Ce fichier n'est pas une image lisible. Formats acceptés : PNG, JPEG ou WebP (le SVG n'est pas accepté)."
        ) from exc
    finally:
        uploaded.seek(0)
    if fmt not in ACCEPTED_FORMATS:
        raise ValidationError(
            f"Format {fmt} non accepté : envoyez un PNG, un JPEG ou un WebP (le SVG n'est pas accepté)."
        )
    if min(width, height) < settings.LOGO_MIN_PIXELS:
        raise ValidationError(
            f"Le logo mesure {width}×{height} pixels : il doit faire au moins {settings.LOGO_MIN_PIXELS}×"
            f"{settings.LOGO_MIN_PIXELS} pixels pour rester net."
        )
    return fmt
