"""The engine backend: mappings, analyzers and queries written with elasticsearch-dsl, sent to
OpenSearch (opensearch-py) or Elasticsearch 8 (elasticsearch client) through a thin adapter."""

import time

from django.conf import settings
from elasticsearch_dsl import A, Q, Search, analyzer, normalizer, token_filter

from .analysis import COMPOUND_PARTS, synonym_groups
from .documents import FACETS


class EngineUnavailable(Exception):
    """The engine could not be reached or refused the request."""


class Client:
    """The few calls the platform makes, whatever the engine's own client looks like."""

    def __init__(self, url, flavor="opensearch", timeout=5):
        if flavor == "elasticsearch":
            from elasticsearch import Elasticsearch

            self._client = Elasticsearch(url, request_timeout=timeout)
        else:
            from opensearchpy import OpenSearch

            self._client = OpenSearch(hosts=[url], timeout=timeout, max_retries=0)

    def _call(self, method, *args, **kwargs):
        """Unreachable, timed out or failing on its side: EngineUnavailable. A request the
        engine refuses as malformed (4xx) is a bug here and is raised as it is."""
        try:
            return method(*args, **kwargs)
        except Exception as error:
            status = getattr(error, "status_code", None) or getattr(error, "status", None)
            if isinstance(status, int) and 400 <= status < 500:
                raise
            raise EngineUnavailable(str(error)) from error

    def create_index(self, name, body):
        return self._call(self._client.indices.create, index=name, body=body)

    def alias_targets(self, alias):
        try:
            return list(self._call(self._client.indices.get_alias, name=alias).keys())
        except Exception as error:  # noqa: BLE001
            if type(error).__name__ == "NotFoundError":
                return []
            raise

    def swap_alias(self, alias, new_index, old_indices):
        actions = [{"remove": {"index": old, "alias": alias}} for old in old_indices]
        actions.append({"add": {"index": new_index, "alias": alias}})
        return self._call(self._client.indices.update_aliases, body={"actions": actions})

    def delete_index(self, name):
        return self._call(self._client.indices.delete, index=name, ignore_unavailable=True)

    def bulk(self, operations, refresh=True):
        return self._call(self._client.bulk, body=operations, refresh=refresh)

    def finish_index(self, name):
        """After a bulk load without refreshes: make it searchable, merged into one segment (a
        fresh index of 450,000 documents otherwise answers from dozens of small ones)."""
        self._call(self._client.indices.refresh, index=name)
        self._call(self._client.indices.forcemerge, index=name, max_num_segments=1)

    def search(self, index, body):
        try:
            return self._call(self._client.search, index=index, body=body)
        except Exception as error:
            # No index yet (before the first rebuild): the engine cannot answer; fall back.
            if type(error).__name__ == "NotFoundError":
                raise EngineUnavailable(str(error)) from error
            raise

    def ping(self):
        try:
            return bool(self._client.ping())
        except Exception:  # noqa: BLE001
            return False


def get_client(timeout=5):
    """A client for the configured engine; requests wait `timeout` seconds (a search must fall
    back quickly, a rebuild's merge may take minutes)."""
    flavor = getattr(settings, "SEARCH_ENGINE_FLAVOR", "opensearch")
    return Client(settings.SEARCH_URL, flavor, timeout=timeout)


def alias_name():
    return settings.SEARCH_INDEX


def index_body():
    """Settings and mappings, with the glossary's synonyms as they are now."""
    synonyms = [", ".join(group) for group in synonym_groups()] or ["rgw, resultaatgestuurd werken"]
    decompound = token_filter(
        "rgw_decompound", "dictionary_decompounder", word_list=COMPOUND_PARTS, min_subword_size=3
    )
    dutch_stop = token_filter("rgw_dutch_stop", "stop", stopwords="_dutch_")
    dutch_stem = token_filter("rgw_dutch_stem", "stemmer", language="dutch")
    synonym = token_filter("rgw_synonyms", "synonym_graph", synonyms=synonyms)
    index_analyzer = analyzer(
        "rgw_dutch",
        tokenizer="standard",
        filter=["lowercase", "asciifolding", decompound, dutch_stop, dutch_stem],
    )
    search_analyzer = analyzer(
        "rgw_dutch_search",
        tokenizer="standard",
        filter=["lowercase", "asciifolding", synonym, dutch_stop, dutch_stem],
    )
    code_normalizer = normalizer("rgw_code", filter=["lowercase", "asciifolding"])
    text = {"type": "text", "analyzer": "rgw_dutch", "search_analyzer": "rgw_dutch_search"}
    properties = {
        "type": {"type": "keyword"},
        "title": {
            **text,
            "fields": {
                "prefix": {"type": "search_as_you_type", "analyzer": "simple"},
                "plain": {"type": "text", "analyzer": "simple"},
            },
        },
        "body": {**text, "fields": {"plain": {"type": "text", "analyzer": "simple"}}},
        "codes": {"type": "keyword", "normalizer": "rgw_code"},
        "url": {"type": "keyword", "index": False},
        "access": {"type": "keyword"},
        **{f"f_{name}": {"type": "keyword"} for name in FACETS},
    }
    analysis = {
        "filter": {
            f._name: f.get_definition() for f in (decompound, dutch_stop, dutch_stem, synonym)
        },
        "analyzer": {
            "rgw_dutch": index_analyzer.get_definition(),
            "rgw_dutch_search": search_analyzer.get_definition(),
        },
        "normalizer": {"rgw_code": code_normalizer.get_definition()},
    }
    return {
        "settings": {"number_of_shards": 1, "number_of_replicas": 0, "analysis": analysis},
        "mappings": {"properties": properties},
    }


def build_query(query, tokens, filters):
    """The engine query for a search box text, the user's access tokens and chosen facets."""
    search = Search()
    if query:
        search = search.query(
            Q("bool", should=[
                Q("term", codes={"value": query.strip().lower(), "boost": 20}),
                Q("multi_match", query=query, fields=["title^4", "body"], type="best_fields",
                  fuzziness="AUTO", prefix_length=1),
                Q("multi_match", query=query, fields=["title.plain^2", "body.plain"],
                  type="phrase", boost=3),
            ], minimum_should_match=1)
        )  # fmt: skip
    if tokens is not None:
        search = search.filter("terms", access=tokens)
    for name, value in filters.items():
        search = search.filter("term", **{f"f_{name}": value})
    for name in FACETS:
        search.aggs.bucket(name, A("terms", field=f"f_{name}", size=30))
    search = search.highlight_options(encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"])
    search = search.highlight("title", "body", fragment_size=160, number_of_fragments=1)
    if query:
        search = search.suggest(
            "spelling", query, term={"field": "body.plain", "suggest_mode": "popular"}
        )
    return search


def build_more_like_this(text, tokens, types, exclude=None):
    """Documents sharing the telling words of `text` (the engine's more_like_this query)."""
    search = Search().query(
        "more_like_this", fields=["title", "body"], like=text,
        min_term_freq=1, min_doc_freq=1, max_query_terms=25, minimum_should_match="20%",
    )  # fmt: skip
    if tokens is not None:
        search = search.filter("terms", access=tokens)
    if types:
        search = search.filter("terms", type=list(types))
    if exclude:
        search = search.exclude("ids", values=[exclude])
    return search.source(["type", "title", "url"])


def wait_for(client, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if client.ping():
            return True
        time.sleep(0.5)
    return False
