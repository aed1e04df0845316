"""Indexing to Elasticsearch: zero-downtime rebuild, changes after commit, nothing lost
while Elasticsearch is down, nothing lost to a race with a send or a rebuild."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from elasticsearch import Elasticsearch

from marche.suppliers import services
from search import index, indexing
from search.elasticsearch.client import get_client
from search.elasticsearch.node import free_port
from search.engines import search
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
    return [h["_source"]["payload"]["name"] for h in hits]


def test_rebuild_swaps_the_alias_to_a_new_index_and_drops_the_old_one(es):
    first, count = indexing.rebuild()
    second, _ = indexing.rebuild()

    assert count == 4
    assert list(es.indices.get_alias(name=alias_name())) == [second]
    assert not es.indices.exists(index=first)
    assert es.indices.get_settings(index=second)[second]["settings"]["index"]["refresh_interval"] == "1s"


def test_search_index_command_rebuilds_both_indexes_with_a_progress_bar(es, capsys):
    call_command("search_index", "--rebuild")

    out = capsys.readouterr().out
    assert "4 fiche(s) indexée(s) dans le moteur intégré." in out
    assert "4 fiche(s) indexée(s) dans Elasticsearch." in out
    assert len(indexed_names(es)) == 4


def test_a_profile_change_reaches_the_index_after_commit(es, catalogue, django_capture_on_commit_callbacks):
    indexing.rebuild()

    with django_capture_on_commit_callbacks(execute=True):
        catalogue["elan"].name = "Menuiserie Solidaire du Rhône"
        services.save_profile(catalogue["elan"])

    assert "Menuiserie Solidaire du Rhône" in indexed_names(es)
    assert not PendingIndexUpdate.objects.exists()


def test_a_supplier_that_closes_leaves_the_index(es, catalogue, django_capture_on_commit_callbacks):
    indexing.rebuild()

    with django_capture_on_commit_callbacks(execute=True):
        services.upsert_reference(siret="1", name="Menuiserie de l'Élan", kind="EI", is_active=False)

    assert "Menuiserie de l'Élan" not in indexed_names(es)


def test_changes_made_while_elasticsearch_is_down_all_reach_it_when_it_is_back(
    es, settings, catalogue, django_capture_on_commit_callbacks
):
    indexing.rebuild()
    live_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"  # Elasticsearch is down

    with django_capture_on_commit_callbacks(execute=True):
        catalogue["elan"].name = "Menuiserie de l'Élan Nouveau"
        services.save_profile(catalogue["elan"])
        for activity in catalogue["atelier"].activities.all():
            activity.sectors.clear()
        services.save_profile(catalogue["atelier"])
        services.upsert_reference(siret="3", name="Nettoyage Provence", kind="EI", is_active=False)
        make_supplier("8", "Traiteur Solidaire", "13055", perimeter=("national", None))

    # Nothing reached Elasticsearch, nothing was lost, and the search page still answers.
    assert PendingIndexUpdate.objects.count() == 4
    assert all(p.attempts >= 1 for p in PendingIndexUpdate.objects.all())
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
    services.save_profile(catalogue["elan"])  # recorded, not sent (no commit in this test)
    assert PendingIndexUpdate.objects.filter(supplier_id=catalogue["elan"].pk).exists()

    index_suppliers.call([catalogue["elan"].pk])

    assert "Élan Rénové" in indexed_names(es)
    assert not PendingIndexUpdate.objects.exists()


def test_without_elasticsearch_nothing_is_recorded_for_it(settings, catalogue):
    settings.ELASTICSEARCH_URL = ""
    services.save_profile(catalogue["elan"])

    assert not PendingIndexUpdate.objects.exists()


def test_a_supplier_hidden_by_a_moderator_leaves_the_elasticsearch_index(
    es, catalogue, django_capture_on_commit_callbacks
):
    indexing.rebuild()

    with django_capture_on_commit_callbacks(execute=True):
        services.hide_supplier(catalogue["elan"], "Signalement")

    assert "Menuiserie de l'Élan" not in indexed_names(es)
    assert ElasticsearchEngine().search(SupplierQuery(text="élan")).hits == []


class ChangeDuringSend:
    """The real client, except that the first bulk request lets a person save the same
    supplier while it is in flight (after the document was read, before the answer)."""

    def __init__(self, client, during):
        self._client, self._during, self.sends = client, during, 0

    def bulk(self, **kwargs):
        self.sends += 1
        if self.sends == 1:
            self._during()
        return self._client.bulk(**kwargs)

    def __getattr__(self, name):
        return getattr(self._client, name)


def test_a_change_committed_during_a_send_is_sent_again(es, catalogue):
    indexing.rebuild()
    elan = catalogue["elan"]
    elan.name = "Élan, version 1"
    services.save_profile(elan)

    def edit_while_sending():
        elan.name = "Élan, version 2"
        services.save_profile(elan)

    client = ChangeDuringSend(get_client(), edit_while_sending)
    sent, failed = indexing.flush(client=client)

    # Version 1 went out; version 2, committed meanwhile, is still pending, not deleted.
    assert (sent, failed) == (1, 0)
    assert "Élan, version 1" in indexed_names(es)
    assert list(PendingIndexUpdate.objects.values_list("supplier_id", flat=True)) == [elan.pk]

    indexing.flush()

    assert "Élan, version 2" in indexed_names(es)
    assert not PendingIndexUpdate.objects.exists()


def test_a_change_made_during_a_rebuild_reaches_the_new_index(es, catalogue):
    indexing.rebuild()
    elan = catalogue["elan"]

    def progress(documents, total):
        for n, document in enumerate(documents):
            yield document
            if n == 0:  # the build has read the suppliers; a person edits one of them now
                elan.name = "Élan, modifié pendant la reconstruction"
                services.save_profile(elan)

    name, _ = indexing.rebuild(progress=progress)

    # Without sending the pending change (no worker ran), the new index has it.
    assert list(es.indices.get_alias(name=alias_name())) == [name]
    assert "Élan, modifié pendant la reconstruction" in indexed_names(es)
    assert "Menuiserie de l'Élan" not in indexed_names(es)


def test_the_embedded_index_changes_with_the_transaction_or_not_at_all(catalogue):
    from django.db import transaction

    from search.engines import get_engine

    with pytest.raises(RuntimeError), transaction.atomic():
        catalogue["elan"].name = "Élan annulé"
        services.save_profile(catalogue["elan"])
        assert [h.name for h in get_engine("database").search(SupplierQuery(text="annule")).hits] == ["Élan annulé"]
        raise RuntimeError("the request fails after the save")

    assert get_engine("database").search(SupplierQuery(text="annule")).hits == []
    assert [h.name for h in get_engine("database").search(SupplierQuery(text="elan")).hits] == ["Menuiserie de l'Élan"]


def test_rebuilding_the_embedded_index_is_idempotent(catalogue):
    from search.engines import get_engine

    before = get_engine("database").search(SupplierQuery(sort="name", page_size=100))
    assert index.rebuild_embedded() == 4
    assert index.rebuild_embedded() == 4
    after = get_engine("database").search(SupplierQuery(sort="name", page_size=100))

    assert [h.name for h in after.hits] == [h.name for h in before.hits]
    assert after.facets == before.facets
