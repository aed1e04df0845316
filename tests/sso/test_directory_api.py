import base64
from datetime import timedelta

import pytest
from django.utils import timezone

from sso.organizations.kinds import Kind
from sso.organizations.models import Organization

from .factories import ApplicationFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/organizations"


def client_credentials_token(client, client_id="annuaire", secret="secret-annuaire-de-test", scope="directory"):
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    response = client.post(
        "/o/token/", {"grant_type": "client_credentials", "scope": scope}, HTTP_AUTHORIZATION=f"Basic {basic}"
    )
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


@pytest.fixture
def token(client):
    ApplicationFactory(
        client_id="annuaire",
        client_secret="secret-annuaire-de-test",
        authorization_grant_type="client-credentials",
        redirect_uris="",
    )
    return client_credentials_token(client)


def get(client, token, **params):
    return client.get(URL, params, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_directory_requires_a_client_credentials_token(client):
    response = client.get(URL)

    assert response.status_code == 401
    assert "client credentials" in response.json()["error"]


def test_directory_refuses_a_token_issued_for_a_person(client):
    from oauth2_provider.models import AccessToken

    from .factories import UserFactory

    application = ApplicationFactory()
    AccessToken.objects.create(
        user=UserFactory(), application=application, token="jeton-personne", scope="openid directory",
        expires=timezone.now() + timedelta(hours=1),
    )  # fmt: skip

    assert client.get(URL, HTTP_AUTHORIZATION="Bearer jeton-personne").status_code == 401


def test_directory_lists_organizations_with_their_public_fields(client, token):
    organization = OrganizationFactory(kind=Kind.ACI, name="Atelier", convention_end_date=timezone.localdate())

    body = get(client, token).json()

    assert body["count"] == 1
    assert body["results"][0] == {
        "id": str(organization.public_id),
        "siret": organization.siret,
        "kind": "ACI",
        "name": "Atelier",
        "address": "",
        "postal_code": "69003",
        "city": "Lyon",
        "commune_insee": "69383",
        "convention_end_date": organization.convention_end_date.isoformat(),
        "is_active": True,
        "updated_at": organization.updated_at.isoformat(),
    }


def test_directory_filters_by_kind_and_changed_since_and_paginates(client, token):
    old = OrganizationFactory(kind=Kind.EI)
    Organization.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=3))
    recent = [OrganizationFactory(kind=Kind.EI) for _ in range(3)]
    OrganizationFactory(kind=Kind.FT)
    since = (timezone.now() - timedelta(days=1)).isoformat()

    page1 = get(client, token, kind="EI", changed_since=since, page_size=2).json()
    page2 = get(client, token, kind="EI", changed_since=since, page_size=2, page=2).json()

    assert page1["count"] == 3 and page1["num_pages"] == 2
    ids = [r["id"] for r in page1["results"] + page2["results"]]
    assert sorted(ids) == sorted(str(o.public_id) for o in recent)


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"kind": "XYZ"}, "kind"),
        ({"changed_since": "hier"}, "changed_since"),
        ({"page_size": "1000"}, "page_size"),
        ({"page": "x"}, "page"),
    ],
)
def test_directory_names_the_bad_parameter(client, token, params, parameter):
    response = get(client, token, **params)

    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
