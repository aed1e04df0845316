"""Indexing: zero-downtime rebuild, changes after commit, nothing lost while Elasticsearch is down."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from elasticsearch import Elasticsearch

from search import indexing
from search.elasticsearch.node import free_port
from search.engines.elasticsearch import ElasticsearchEngine, alias_name
from search.models import PendingIndexUpdate
from search.query import SupplierQuery

from .conftest import make_supplier

pytestmark = pytest.mark.django_db


@pytest.fixture
def es(settings, elasticsearch_url, es_index_prefix, catalogue):
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.ELASTICSEARCH_INDEX_PREFIX = es_index_prefix
    return Elasticsearch(elasticsearch_url)


def indexed_names(es):
    es.indices.refresh(index=alias_name())
    hits = es.search(index=alias_name(), size=100, sort=["name_sort"])["hits"]["hits"]
    return [h["_source"]["name"] for h in hits]


def test_rebuild_swaps_the_alias_to_a_new_index_and_drops_the_old_one(es):
    first, count = indexing.rebuild()
    second, _ = indexing.rebuild()

    assert count == 4
    assert list(es.indices.get_alias(name=alias_name())) == [second]
    assert not es.indices.exists(index=first)


def test_search_index_command_rebuilds_with_a_progress_bar(es, capsys):
    call_command("search_index", "--rebuild")

    assert "4 fiche(s) indexée(s)" in capsys.readouterr().out
    assert len(indexed_names(es)) == 4


def test_a_profile_change_reaches_the_index_after_commit(es, django_capture_on_commit_callbacks):
    indexing.rebuild()
    supplier = make_supplier("7", "Pressing du Rhône", "69383", sectors=["pressing-et-nettoyage-a-sec"])

    with django_capture_on_commit_callbacks(execute=True):
        supplier.name = "Pressing Solidaire du Rhône"
        supplier.save()

    assert "Pressing Solidaire du Rhône" in indexed_names(es)
    assert not PendingIndexUpdate.objects.exists()


def test_a_supplier_that_closes_leaves_the_index(es, catalogue, django_capture_on_commit_callbacks):
    indexing.rebuild()

    with django_capture_on_commit_callbacks(execute=True):
        catalogue["elan"].is_active = False
        catalogue["elan"].save()

    assert "Menuiserie de l'Élan" not in indexed_names(es)


def test_changes_made_while_elasticsearch_is_down_all_reach_it_when_it_is_back(
    es, settings, catalogue, django_capture_on_commit_callbacks
):
    indexing.rebuild()
    live_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"  # Elasticsearch is down

    with django_capture_on_commit_callbacks(execute=True):
        catalogue["elan"].name = "Menuiserie de l'Élan Nouveau"
        catalogue["elan"].save()
        catalogue["atelier"].sectors.clear()
        catalogue["provence"].is_active = False
        catalogue["provence"].save()
        make_supplier("8", "Traiteur Solidaire", "13055", perimeter=("national", None))

    # Nothing reached Elasticsearch, nothing was lost, and the search page still answers.
    assert PendingIndexUpdate.objects.count() == 4
    assert all(p.attempts >= 1 for p in PendingIndexUpdate.objects.all())
    from search.engines import search

    degraded = search(SupplierQuery(text="traiteur"))
    assert degraded.degraded and [h.name for h in degraded.hits] == ["Traiteur Solidaire"]
    with pytest.raises(CommandError, match="rien n'est perdu"):
        call_command("search_index", "--retry")

    settings.ELASTICSEARCH_URL = live_url  # Elasticsearch is back
    call_command("search_index", "--retry")

    assert not PendingIndexUpdate.objects.exists()
    assert indexed_names(es) == [
        "Atelier Bois Solidaire",
        "Intérim National",
        "Menuiserie de l'Élan Nouveau",
        "Traiteur Solidaire",
    ]
    atelier = ElasticsearchEngine().search(SupplierQuery(text="atelier"))
    assert atelier.hits[0].sectors == []


def test_the_retry_task_sends_pending_changes(es, catalogue):
    from search.tasks import index_suppliers

    indexing.rebuild()
    catalogue["elan"].name = "Élan Rénové"
    catalogue["elan"].save()  # recorded, not sent (no commit in this test)
    assert PendingIndexUpdate.objects.filter(supplier_id=catalogue["elan"].pk).exists()

    index_suppliers.call([catalogue["elan"].pk])

    assert "Élan Rénové" in indexed_names(es)
    assert not PendingIndexUpdate.objects.exists()


def test_without_elasticsearch_nothing_is_recorded(settings, catalogue):
    settings.ELASTICSEARCH_URL = ""
    catalogue["elan"].save()

    assert not PendingIndexUpdate.objects.exists()


def test_a_supplier_hidden_by_a_moderator_leaves_the_elasticsearch_index(
    es, catalogue, django_capture_on_commit_callbacks
):
    from marche.suppliers.services import hide_supplier

    indexing.rebuild()

    with django_capture_on_commit_callbacks(execute=True):
        hide_supplier(catalogue["elan"], "Signalement")

    assert "Menuiserie de l'Élan" not in indexed_names(es)
    assert ElasticsearchEngine().search(SupplierQuery(text="élan")).hits == []
