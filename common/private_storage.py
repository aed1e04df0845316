"""Private files: kept outside MEDIA_ROOT, never reachable by a URL.

Both services use it (the provider's proofs of belonging, the Marché's need attachments):
files are named by the server and read only through views that check who asks.
"""

import os

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
        raise ValueError("Ces fichiers ne sont pas servis publiquement.")


def private_storage() -> PrivateStorage:
    return PrivateStorage()
