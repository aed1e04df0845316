"""Index analysis settings.

Text reaches Elasticsearch already folded by :func:`search.text.fold`, so the default
analyser only needs what every distribution has (standard tokenizer, lowercase, stop).
``ELASTICSEARCH_FULL_ANALYSIS=1`` adds asciifolding, elision and light French stemming,
available on a full distribution only.
"""

from django.conf import settings

from search.text import FRENCH_STOP_WORDS

ANALYZER = "folded_french"


def index_settings() -> dict:
    filters = {"french_stop_folded": {"type": "stop", "stopwords": sorted(FRENCH_STOP_WORDS)}}
    chain = ["lowercase", "french_stop_folded"]
    if getattr(settings, "ELASTICSEARCH_FULL_ANALYSIS", False):
        filters["french_elision"] = {
            "type": "elision",
            "articles_case": True,
            "articles": ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"],
        }
        filters["french_light_stem"] = {"type": "stemmer", "language": "light_french"}
        chain = ["french_elision", "lowercase", "asciifolding", "french_stop_folded", "french_light_stem"]
    return {
        "number_of_shards": 1,
        "number_of_replicas": 0,
        "analysis": {
            "filter": filters,
            "analyzer": {ANALYZER: {"type": "custom", "tokenizer": "standard", "filter": chain}},
        },
    }
