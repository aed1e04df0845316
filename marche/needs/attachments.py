"""What a need's attachment may be: PDF, ODT, DOCX or XLSX, recognised by its CONTENT (the
name and the type the browser sends are the uploader's word, never trusted), at most
``NEEDS_ATTACHMENT_MAX_BYTES``.

Written by hand with the standard library (``zipfile``): the four formats are told apart
by a PDF header or by the members of an Office Open XML / OpenDocument zip, which needs no
libmagic (a system library we do not ship). The zip is never extracted: only its table of
contents and the tiny ``mimetype`` member are read.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError

ACCEPTED = "PDF, ODT, DOCX ou XLSX"
MAX_ATTACHMENTS = 10


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str


PDF = Format("pdf", "application/pdf")
ODT = Format("odt", "application/vnd.oasis.opendocument.text")
DOCX = Format("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = Format("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
BY_EXTENSION = {f.extension: f for f in (PDF, ODT, DOCX, XLSX)}


def _size_label(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} Mo" if size >= 1024 * 1024 else f"{max(1, size // 1024)} ko"


def _zip_format(uploaded) -> Format | None:
    try:
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 100:
                    mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                    if mimetype == ODT.content_type and "content.xml" in names:
                        return ODT
                return None
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, NotImplementedError, RuntimeError):
        return None
    finally:
        uploaded.seek(0)
    return None


def detect(uploaded) -> Format | None:
    """The format the bytes are, or None."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(uploaded)
    return None


def check(uploaded) -> Format:
    """The uploaded file's format, or a ValidationError in French saying what to send."""
    limit = settings.NEEDS_ATTACHMENT_MAX_BYTES
    name = PurePath(uploaded.name or "").name
    if uploaded.size == 0:
        raise ValidationError(f"Le fichier « {name[:100]} » est vide.")
    if uploaded.size > limit:
        raise ValidationError(
            f"Le fichier « {name[:100]} » pèse {_size_label(uploaded.size)} : "
            f"{_size_label(limit)} au plus. Réduisez-le ou découpez-le."
        )
    extension = PurePath(name).suffix.lower().lstrip(".")
    found = detect(uploaded)
    if found is None:
        raise ValidationError(
            f"Le fichier « {name[:100]} » n'est pas un document {ACCEPTED} (son contenu a été vérifié, "
            "pas seulement son nom). Enregistrez-le dans l'un de ces formats puis joignez-le à nouveau."
        )
    if extension != found.extension:
        raise ValidationError(
            f"Le fichier « {name[:100]} » est un document {found.extension.upper()} mais son nom se termine "
            f"par « .{extension[:10]} » : renommez-le en .{found.extension} puis joignez-le à nouveau."
        )
    return found


def display_name(uploaded_name: str) -> str:
    """The name shown and given back at download: the base name only, without control characters."""
    name = PurePath(uploaded_name or "").name
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"\\/')
    return name[:200] or "piece-jointe"
