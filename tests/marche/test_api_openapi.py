"""Every route of the Marché's APIs is described in the OpenAPI document, which is a valid
OpenAPI 3 document with the refusals a client must handle (401, 404, 429 with Retry-After)."""

import json

import pytest
from django.urls import get_resolver
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def api_routes() -> set[str]:
    """Every URL of the Marché under /api/, in OpenAPI's notation ({siret} for <str:siret>)."""
    routes = set()

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, route)
            elif route.startswith("api/"):
                routes.add("/" + route.replace("<str:", "{").replace(">", "}"))

    walk(get_resolver().url_patterns)
    return routes


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_document_is_valid_openapi(document):
    validate(document)


def test_every_api_route_is_described(document):
    routes = api_routes()

    assert "/api/v1/suppliers/{siret}" in routes
    assert "/api/v1/suppliers" in routes
    assert routes == set(document["paths"])


def test_every_api_answer_documents_its_refusals(document):
    for path, operations in document["paths"].items():
        responses = operations["get"]["responses"]
        if path == "/api/v1/openapi.json":
            continue
        assert "429" in responses, path
        assert "Retry-After" in responses["429"]["headers"], path
    for path in ("/api/v1/suppliers/{siret}", "/api/v1/suppliers"):
        assert {"400", "401", "403", "429"} <= set(document["paths"][path]["get"]["responses"])
        assert document["paths"][path]["get"]["security"] == [{"partner": ["marche.suppliers.read"]}]
    assert "404" in document["paths"]["/api/v1/suppliers/{siret}"]["get"]["responses"]


def test_the_token_endpoint_is_the_providers(document, settings):
    flow = document["components"]["securitySchemes"]["partner"]["flows"]["clientCredentials"]
    assert flow["tokenUrl"] == f"{settings.SSO_ISSUER}/o/token/"
    assert list(flow["scopes"]) == ["marche.suppliers.read"]
