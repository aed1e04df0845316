"""The Marché re-checks the session at Compte inclusion on page navigations, never on the
page's own resources (a redirect of a script or fetch() to the provider breaks the page)."""

import time

import pytest

from tests.marche.factories import buyer

pytestmark = pytest.mark.django_db


@pytest.fixture
def expired_session(client):
    user = buyer()
    client.force_login(user, backend="marche.users.auth.InclusionOIDCBackend")
    session = client.session
    session["oidc_id_token_expiration"] = time.time() - 60
    session.save()
    return client


def test_a_navigation_with_an_expired_id_token_goes_back_to_the_provider(expired_session):
    response = expired_session.get("/recherche/", HTTP_SEC_FETCH_MODE="navigate")

    assert response.status_code == 302
    assert "/o/authorize" in response["Location"]
    assert "prompt=none" in response["Location"]


def test_a_request_without_fetch_metadata_is_treated_as_a_navigation(expired_session):
    response = expired_session.get("/recherche/")

    assert response.status_code == 302
    assert "/o/authorize" in response["Location"]


@pytest.mark.parametrize("mode", ["cors", "same-origin", "no-cors"])
def test_a_script_image_or_fetch_call_is_answered_not_redirected_to_the_provider(expired_session, mode):
    response = expired_session.get("/recherche/", HTTP_SEC_FETCH_MODE=mode, HTTP_X_REQUESTED_WITH="fetch")

    assert response.status_code == 200
    assert "<html" not in response.content.decode()
