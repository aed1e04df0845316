"""Where proofs of belonging are kept: the private storage (common.private_storage).

The files are named by the server (a random name with the extension of the detected
type), are not reachable by any URL, and staff read them through an admin-only view.
"""

import uuid

from common.private_storage import PrivateStorage, private_storage

__all__ = ["PrivateStorage", "private_storage", "proof_path"]


def proof_path(instance, filename: str) -> str:
    # The person's file name is never used: the extension comes from the checked content.
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"claims/{uuid.uuid4().hex}.{extension}"
