import re

import pytest
from django.core import mail

from .factories import UserFactory


@pytest.fixture(autouse=True)
def _no_axes_leaks(settings):
    # Each test starts with a clean throttling state (attempts are rows in the test DB).
    settings.AXES_ENABLED = True


@pytest.fixture(autouse=True)
def _no_rate_limit_leaks(request):
    # The rate-limit counters live in the database cache, whose table a transactional
    # test's flush does not empty: each test starts with none.
    if request.node.get_closest_marker("django_db"):
        from django.core.cache import cache

        cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()


def link_in_last_mail(path_fragment: str) -> str:
    """The path of the link containing ``path_fragment`` in the last mail sent."""
    body = mail.outbox[-1].body
    match = re.search(r"https?://[^/\s]+(\S*" + re.escape(path_fragment) + r"\S*)", body)
    assert match, f"no link with {path_fragment!r} in: {body}"
    return match.group(1)


@pytest.fixture
def provider(live_server, settings):
    """The provider on a live server, its issuer set to the server's URL."""
    settings.SSO_ISSUER = live_server.url
    settings.OAUTH2_PROVIDER = {**settings.OAUTH2_PROVIDER, "OIDC_ISS_ENDPOINT": live_server.url}
    settings.ALLOWED_HOSTS = ["*"]
    return live_server.url


@pytest.fixture
def admin_user(admin_user, settings):
    """pytest-django's superuser, with the terms in force accepted like every test account
    (tests/sso/factories.py): otherwise each page sends it to the terms first."""
    admin_user.terms_version = settings.TERMS_VERSION
    admin_user.save(update_fields=["terms_version"])
    return admin_user
