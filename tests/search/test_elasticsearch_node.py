"""The real Elasticsearch node answers, and folding makes accents and case irrelevant."""

from elasticsearch import Elasticsearch

from search.elasticsearch.analysis import ANALYZER, index_settings
from search.text import fold


def test_accented_query_in_another_case_finds_the_indexed_document(elasticsearch_url, es_index_prefix, settings):
    client = Elasticsearch(elasticsearch_url)
    index = f"{es_index_prefix}-smoke"
    client.indices.create(
        index=index,
        settings=index_settings(),
        mappings={
            "properties": {"name": {"type": "keyword", "index": False}, "text": {"type": "text", "analyzer": ANALYZER}}
        },
    )
    name = "Menuiserie de l'Élan Solidaire"
    client.index(index=index, id="1", document={"name": name, "text": fold(name)}, refresh=True)
    client.index(index=index, id="2", document={"name": "Pressing", "text": fold("Pressing")}, refresh=True)

    response = client.search(
        index=index, query={"match": {"text": {"query": fold("ÉLAN solidaire"), "operator": "and"}}}
    )

    assert [hit["_source"]["name"] for hit in response["hits"]["hits"]] == [name]


def test_query_without_accents_matches_accented_text(elasticsearch_url, es_index_prefix):
    client = Elasticsearch(elasticsearch_url)
    index = f"{es_index_prefix}-smoke"
    client.indices.create(
        index=index,
        settings=index_settings(),
        mappings={"properties": {"text": {"type": "text", "analyzer": ANALYZER}}},
    )
    client.index(index=index, id="1", document={"text": fold("Écoconstruction Rhône-Alpes")}, refresh=True)

    assert client.count(index=index, query={"match": {"text": fold("ecoconstruction RHONE")}})["count"] == 1
    assert client.count(index=index, query={"match": {"text": fold("plomberie")}})["count"] == 0
