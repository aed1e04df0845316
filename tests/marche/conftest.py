import time

import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def client(client):
    """The test client, whose logins look like fresh logins through Compte inclusion
    (otherwise the session-refresh middleware sends every request to the provider)."""
    force_login = client.force_login

    def login_as_after_oidc(user, backend=None):
        force_login(user, backend=backend)
        session = client.session
        session["oidc_id_token_expiration"] = time.time() + 3600
        session.save()

    client.force_login = login_as_after_oidc
    return client


# Fixtures of the needs tests (places, private_root), shared by their modules.
from .need_support import places, private_root  # noqa: E402, F401
