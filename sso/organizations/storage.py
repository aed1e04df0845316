"""Where proofs of belonging are kept: a private directory, never under MEDIA_ROOT.

The files are named by the server (a random name with the extension of the detected
type), are not reachable by any URL, and staff read them through an admin-only view.
"""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Read from settings at each use (tests point it elsewhere); no URL can be built."""

    @property
    def base_location(self):
        return settings.PRIVATE_FILES_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Les justificatifs ne sont pas servis publiquement.")


def private_storage() -> PrivateStorage:
    return PrivateStorage()


def proof_path(instance, filename: str) -> str:
    # The person's file name is never used: the extension comes from the checked content.
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"claims/{uuid.uuid4().hex}.{extension}"
