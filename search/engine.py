"""The engine backend: mappings, analyzers and queries written with elasticsearch-dsl, sent to
OpenSearch (opensearch-py) or Elasticsearch 8 (elasticsearch client) through a thin adapter."""

import time

from django.conf import settings
from elasticsearch_dsl import A, Q, Search, analyzer, normalizer, token_filter

from .analysis import COMPOUND_PARTS, is_likely_typo_of, synonym_groups
from .documents import FACET_FIELD, FACETS


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

    def _unless_missing(self, missing, method, *args, **kwargs):
        """method's answer, or `missing` when the engine has no such index or alias."""
        try:
            return self._call(method, *args, **kwargs)
        except Exception as error:  # noqa: BLE001
            if type(error).__name__ == "NotFoundError":
                return missing
            raise

    def alias_targets(self, alias):
        return list(self._unless_missing({}, self._client.indices.get_alias, name=alias).keys())

    def swap_alias(self, alias, new_index, old_indices):
        actions = [{"remove": {"index": old, "alias": alias}} for old in old_indices]
        actions.append({"add": {"index": new_index, "alias": alias}})
        return self._call(self._client.indices.update_aliases, body={"actions": actions})

    def delete_index(self, name):
        return self._call(self._client.indices.delete, index=name, ignore_unavailable=True)

    def bulk(self, operations, refresh=True):
        return self._call(self._client.bulk, body=operations, refresh=refresh)

    def finish_index(self, name):
        """After a bulk load without refreshes: the small segments merged as the index's merge
        policy has it (a fresh index of 450,000 documents otherwise answers from dozens of tiny
        ones; not into one, which the slices of a search could not share) and searchable."""
        self._call(self._client.indices.refresh, index=name)
        self._call(self._client.indices.forcemerge, index=name)
        self._call(self._client.indices.refresh, index=name)

    def msearch(self, index, bodies):
        """Several searches in one round trip, run side by side on the engine; the responses
        in the same order. A part that failed fails the whole, as search() would."""
        lines = []
        for body in bodies:
            lines += [{"index": index}, body]
        responses = self._call(self._client.msearch, body=lines)["responses"]
        for response in responses:
            if "error" in response:
                status = response.get("status", 500)
                if status == 404 or status >= 500:  # no index yet, or the engine's own trouble
                    raise EngineUnavailable(str(response["error"]))
                raise ValueError(f"The engine refused a search: {response['error']}")
        return responses

    def search(self, index, body):
        try:
            return self._call(self._client.search, index=index, body=body)
        except Exception as error:
            # No index yet (before the first rebuild): the engine cannot answer; fall back.
            if type(error).__name__ == "NotFoundError":
                raise EngineUnavailable(str(error)) from error
            raise

    def has_field(self, index, field):
        """Whether the index (or every index behind an alias) maps `field`; False without one."""
        found = self._unless_missing(
            {}, self._client.indices.get_field_mapping, fields=field, index=index
        )
        return bool(found) and all(field in entry["mappings"] for entry in found.values())

    def ping(self):
        try:
            return bool(self._client.ping())
        except Exception:  # noqa: BLE001
            return False


_clients = {}


def get_client(timeout=5):
    """A client for the configured engine; requests wait `timeout` seconds (a search must fall
    back quickly, a rebuild's merge may take minutes). One per process and setting: its
    connection pool is thread-safe, and a search then reuses an open connection instead of
    making a new one (a few milliseconds per search)."""
    flavor = engine_flavor()
    key = (settings.SEARCH_URL, flavor, timeout)
    client = _clients.get(key)
    if client is None:
        client = _clients[key] = Client(settings.SEARCH_URL, flavor, timeout=timeout)
    return client


def alias_name():
    return settings.SEARCH_INDEX


# Title and body as one field, in which a search counts its matches (build_facet_query). An
# index built by an earlier version has not got it until `rebuild_search_index`; meanwhile
# matches are counted as before. Whether it has is asked of the engine at most once every
# WORDS_FIELD_CHECK seconds per process.
WORDS_FIELD = "words"
WORDS_FIELD_CHECK = 60
_words_field_seen = {}  # (engine, alias): (monotonic time asked, answer)


def _words_field_key():
    return (settings.SEARCH_URL, alias_name())


def counts_in_words_field():
    key = _words_field_key()
    seen = _words_field_seen.get(key)
    if seen is None or time.monotonic() - seen[0] > WORDS_FIELD_CHECK:
        has_it = get_client().has_field(key[1], WORDS_FIELD)
        seen = _words_field_seen[key] = (time.monotonic(), has_it)
    return seen[1]


def forget_words_field():
    """After this process rebuilt the index: ask again at the next search."""
    _words_field_seen.pop(_words_field_key(), None)


# A search counts every match for its total and facets, so its time grows with the matches.
# OpenSearch can do that work in slices side by side, each over its own segments of the one
# shard: SEARCH_SLICES of them (the machines this runs on have two cores or more). The segments
# stay at most about MAX_SEGMENT_SIZE (at 10× volume ~20 of them, the largest 100,000
# documents), so that dealt out in turn, largest first, the slices get about as much each;
# merged into one segment, as before, a search had one slice. Totals, facets, hits,
# highlights and suggestions came out the same as searched in one go (all 20 benchmark
# queries at 10× compared).
# Elasticsearch 8 decides by itself whether to search segments side by side.
SEARCH_SLICES = 2
MAX_SEGMENT_SIZE = "64mb"


def engine_flavor():
    """ "opensearch" or "elasticsearch": which engine the client speaks to."""
    return getattr(settings, "SEARCH_ENGINE_FLAVOR", "opensearch")


def _concurrent_search():
    if engine_flavor() != "opensearch":
        return {}
    return {
        "merge.policy.max_merged_segment": MAX_SEGMENT_SIZE,
        "search.concurrent_segment_search.mode": "all",
        "search.concurrent.max_slice_count": SEARCH_SLICES,
    }


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
    # Offsets in the postings: the highlighter finds the words without analysing each hit's
    # text again (highlighting was a third of a search's time before).
    analysed = {"type": "text", "analyzer": "rgw_dutch", "search_analyzer": "rgw_dutch_search"}
    text = {**analysed, "index_options": "offsets", "copy_to": WORDS_FIELD}
    properties = {
        "type": {"type": "keyword"},
        # Title and body in one field, only to count matches (build_facet_query): one list of
        # documents per word instead of two to merge. Not scored, so without norms.
        WORDS_FIELD: {**analysed, "norms": False},
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
        FACET_FIELD: {"type": "keyword"},
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
        "settings": {
            "number_of_shards": 1,
            "number_of_replicas": 0,
            "analysis": analysis,
            **_concurrent_search(),
        },
        "mappings": {"properties": properties},
    }


def _matching(query, fuzzy, counting=False):
    """What a search box text matches: an exact code, or its words in title and body (the
    title counts four times). `fuzzy` also finds words one or two letters off; that made every
    search a third slower, so the service asks for it only when a typed word is not in the
    index or the exact words found nothing.

    `counting`: the same documents, looked up in WORDS_FIELD, where title and body are one
    field (the same analysis, each value apart, so a phrase of a synonym cannot run from the
    title into the body). A fuzzy search still counts in both fields: a word far from any known
    one is widened to at most 50 known words per field, and in one field those could be others."""
    code = Q("term", codes={"value": query.strip().lower(), "boost": 20})
    if counting and not fuzzy:
        return Q("bool", should=[code, Q("match", **{WORDS_FIELD: query})], minimum_should_match=1)
    words = {"fuzziness": "AUTO", "prefix_length": 1} if fuzzy else {}
    in_title_and_body = Q(
        "multi_match", query=query, fields=["title^4", "body"], type="best_fields", **words
    )
    return Q("bool", should=[code, in_title_and_body], minimum_should_match=1)


def _filtered(search, tokens, filters):
    if tokens is not None:
        search = search.filter("terms", access=tokens)
    for name, value in filters.items():
        search = search.filter("term", **{f"f_{name}": value})
    return search


# The best hits get a bonus when the words stand together, as typed: counted over this many hits
# only, since a phrase reads every position of every match (almost half a search at 10×).
PHRASE_WINDOW = 100


def build_query(query, tokens, filters, fuzzy=True, marked_words=None):
    """The hits for a search box text, the user's access tokens and chosen facets: ranked, with
    highlights and spelling suggestions. The total and the facet counts come from
    build_facet_query, which the service sends alongside.

    `marked_words`, for a fuzzy search: the words to mark in the hits (the typed ones and what
    the engine suggested for the unknown ones), and no spelling suggestions, which the exact
    search before it already gave. Marking what a fuzzy query matched means trying its variants
    on the text of every hit: that was half of a search for a typo."""
    search = _filtered(Search(), tokens, filters)
    if query:
        search = search.query(_matching(query, fuzzy))
        phrase = Q("multi_match", query=query, fields=["title.plain^2", "body.plain"],
                   type="phrase", boost=3)  # fmt: skip
        search = search.extra(
            rescore={"window_size": PHRASE_WINDOW, "query": {"rescore_query": phrase.to_dict()}},
            # Counting every match is the facet query's work; here the engine may skip
            # documents that cannot reach the top.
            track_total_hits=False,
        )
    search = search.highlight_options(encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"])
    search = search.highlight("title", "body", fragment_size=160, number_of_fragments=1)
    if marked_words:
        search = search.highlight_options(
            highlight_query=Q("multi_match", query=marked_words, fields=["title", "body"]).to_dict()
        )
    elif query:
        search = search.suggest(
            "spelling", query, term={"field": "body.plain", "suggest_mode": "popular"}
        )
        if not fuzzy:
            search = search.suggest(
                UNKNOWN_WORDS, query,
                term={"field": "body.plain", "suggest_mode": "missing", "min_word_length": 3,
                      "size": UNKNOWN_WORD_OPTIONS},
            )  # fmt: skip
    return search


# Facet values over all facets together. Exact for every facet's top 30 as long as all facets
# but one have fewer than FACET_BUCKETS - 30 values between them (types, domains, segments,
# profiles, intensities, municipalities, parts and statuses: a few dozen); tags may be many.
FACET_BUCKETS = 1000
FACET_SIZE = 30


def build_facet_query(query, tokens, filters, fuzzy=True, words_field=True):
    """The exact number of matches and the facet counts: every match is counted, none scored.
    The engine keeps answers without hits (size 0) in its request cache until the index
    changes, so a repeated search counts nothing again.

    `words_field`: whether the index has WORDS_FIELD (an index built before it had not, until
    it is rebuilt); without it the words are counted in title and body."""
    search = _filtered(Search(), tokens, filters)
    if query:
        search = search.filter(_matching(query, fuzzy, counting=words_field))
    search.aggs.bucket("facets", A("terms", field=FACET_FIELD, size=FACET_BUCKETS))
    return search.extra(size=0, track_total_hits=True)


def facet_counts(response):
    """{facet name: [(value, count), ...]} from build_facet_query's answer, per facet in the
    engine's order (most first), at most FACET_SIZE each."""
    facets = {}
    for bucket in response["aggregations"]["facets"]["buckets"]:
        name, _, value = bucket["key"].partition(":")
        options = facets.setdefault(name, [])
        if name in FACETS and len(options) < FACET_SIZE:
            options.append((value, bucket["doc_count"]))
    return {name: options for name, options in facets.items() if options}


UNKNOWN_WORDS = "unknown"
UNKNOWN_WORD_OPTIONS = 3


def has_unknown_words(response):
    """Did the search text hold a word (3+ letters) that no document has: likely a typo, so
    search again with fuzzy matching (shorter words are matched exactly either way)."""
    entries = response.get("suggest", {}).get(UNKNOWN_WORDS, [])
    return any(entry["options"] for entry in entries)


def spelling_proposals(response):
    """[(typed word, [known words the term suggester proposes instead, best first]), ...] for
    the search text, in its order. The suggester allows two letters off in any word; a proposal
    further off than the fuzzy search would go ("kant" for "kind") is left out."""
    return [
        (entry["text"],
         [option["text"] for option in entry["options"]
          if is_likely_typo_of(entry["text"], option["text"])])
        for entry in response.get("suggest", {}).get("spelling", [])
    ]  # fmt: skip


def build_word_checks(words, tokens):
    """Per word, a search that tells whether a document with one of these access tokens holds
    it where the spelling suggester reads (the body): the suggester counts words over the whole
    index, including documents the searcher may not open. Each stops at its first match."""
    return [
        Search().filter("terms", access=tokens).filter("term", **{"body.plain": word})
        .extra(size=0, terminate_after=1)
        for word in words
    ]  # fmt: skip


def found_any(response):
    return response["hits"]["total"]["value"] > 0


def words_meant(query, response):
    """The typed words and the known words the engine proposed for the unknown ones, to mark
    in the hits of the fuzzy search that follows."""
    entries = response.get("suggest", {}).get(UNKNOWN_WORDS, [])
    proposed = [option["text"] for entry in entries for option in entry["options"]]
    return " ".join([query, *proposed])


def build_more_like_this(text, tokens, types, exclude=None):
    """Documents sharing the telling words of `text` (the engine's more_like_this query). A
    document must share 30% of the 25 most telling words (the engine's own default): with a
    fifth, a thread sharing only 'komt', 'profiel' and 'intensiteit' was listed."""
    search = Search().query(
        "more_like_this", fields=["title", "body"], like=text,
        min_term_freq=1, min_doc_freq=1, max_query_terms=25, minimum_should_match="30%",
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
