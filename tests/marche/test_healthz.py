import pytest

from search.elasticsearch.node import free_port

pytestmark = pytest.mark.django_db


def test_healthz_without_elasticsearch_reports_the_embedded_engine(client, settings):
    settings.ELASTICSEARCH_URL = ""

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"] == {
        "database": {"status": "ok", "vendor": response.json()["checks"]["database"]["vendor"]},
        "elasticsearch": {"status": "disabled", "engine": "database"},
    }


def test_healthz_fails_when_configured_elasticsearch_is_down(client, settings):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"]["elasticsearch"]["status"] == "error"


def test_healthz_reports_a_reachable_elasticsearch(client, settings, elasticsearch_url):
    settings.ELASTICSEARCH_URL = elasticsearch_url

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["elasticsearch"]["status"] == "ok"
