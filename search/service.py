"""The one search interface: index, delete, search with filters, facets, highlights and
suggestions. The database store is always written; the engine too when it is configured, and a
change the engine missed waits in PendingIndexOperation until it is back."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from accounts.visibility import visibility_tokens

from . import database
from .documents import FACETS, all_doc_ids, documents_for
from .engine import (
    EngineUnavailable,
    alias_name,
    build_facet_query,
    build_more_like_this,
    build_query,
    build_word_checks,
    counts_in_words_field,
    facet_counts,
    forget_words_field,
    found_any,
    get_client,
    has_unknown_words,
    index_body,
    spelling_proposals,
    words_meant,
)
from .models import PendingIndexOperation, SearchEntry, SearchQueryLog


def engine_enabled():
    return getattr(settings, "SEARCH_BACKEND", "database") == "engine"


@dataclass
class Results:
    query: str
    hits: list
    total: int
    facets: dict
    backend: str
    fallback: bool = False
    suggestion: str | None = None
    filters: dict = field(default_factory=dict)


def index_documents(doc_ids):
    """Bring the stores up to date for these ids (create, update or delete)."""
    documents = documents_for(doc_ids)
    _write_entries(documents)
    if engine_enabled():
        try:
            _send_to_engine(documents)
        except EngineUnavailable:
            for doc_id in documents:
                PendingIndexOperation.objects.get_or_create(doc_id=doc_id)
            return False
        catch_up()
    return True


def _send_to_engine(documents, index=None, client=None, refresh=True):
    index = index or alias_name()
    operations = []
    for doc_id, doc in documents.items():
        if doc is None:
            operations.append({"delete": {"_index": index, "_id": doc_id}})
        else:
            operations.append({"index": {"_index": index, "_id": doc_id}})
            operations.append(doc.as_engine_source())
    if operations:
        (client or get_client()).bulk(operations, refresh=refresh)


def catch_up():
    """Replay what the engine missed. Returns how many changes were sent."""
    pending = list(PendingIndexOperation.objects.values_list("doc_id", flat=True)[:500])
    if not pending or not engine_enabled():
        return 0
    _send_to_engine(documents_for(pending))
    PendingIndexOperation.objects.filter(doc_id__in=pending).delete()
    return len(pending)


REBUILD_TIMEOUT = 900  # seconds; merging a fresh index of 450,000 documents takes minutes


def rebuild(progress=None, batch=500):
    """Index everything anew: into a new engine index, then swap the alias (no downtime)."""
    started = timezone.now()
    doc_ids = all_doc_ids()
    if engine_enabled():
        client = get_client(timeout=REBUILD_TIMEOUT)
        alias = alias_name()
        new_index = f"{alias}-{timezone.now():%Y%m%d%H%M%S%f}"
        client.create_index(new_index, index_body())
    for start in range(0, len(doc_ids), batch):
        chunk = doc_ids[start : start + batch]
        documents = documents_for(chunk)
        _write_entries(documents)
        if engine_enabled():
            _send_to_engine(documents, index=new_index, client=client, refresh=False)
        if progress:
            progress(len(chunk))
    # What no document was written for since the start is gone from the site.
    SearchEntry.objects.filter(updated_at__lt=started).delete()
    if engine_enabled():
        client.finish_index(new_index)
        old = client.alias_targets(alias)
        client.swap_alias(alias, new_index, old)
        for name in old:
            client.delete_index(name)
        forget_words_field()
        PendingIndexOperation.objects.all().delete()
    return len(doc_ids)


def _write_entries(documents):
    """Write the documents to the database store (create, update or delete), in one statement
    for the new and changed ones."""
    gone = [doc_id for doc_id, doc in documents.items() if doc is None]
    now = timezone.now()
    entries = [
        SearchEntry(
            doc_id=doc_id,
            type=doc.type,
            title=doc.title[:255],
            body=doc.body,
            codes="|".join(doc.codes)[:255],
            url=doc.url,
            access=doc.access,
            facets=doc.facets,
            updated_at=now,
        )  # fmt: skip
        for doc_id, doc in documents.items()
        if doc is not None
    ]
    with transaction.atomic():
        if gone:
            SearchEntry.objects.filter(doc_id__in=gone).delete()
        SearchEntry.objects.bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=["doc_id"],
            update_fields=[
                "type",
                "title",
                "body",
                "codes",
                "url",
                "access",
                "facets",
                "updated_at",
            ],
        )


def search(query, user, filters=None, page=1, per_page=20):
    query = (query or "").strip()[:200]
    filters = {k: v for k, v in (filters or {}).items() if k in FACETS and v}
    tokens = visibility_tokens(user)
    if engine_enabled():
        try:
            return _engine_search(query, tokens, filters, page, per_page)
        except EngineUnavailable:
            results = _database_search(query, tokens, filters, page, per_page)
            results.fallback = True
            return results
    return _database_search(query, tokens, filters, page, per_page)


def _database_search(query, tokens, filters, page, per_page):
    hits, facets = database.search(query, tokens, filters) if query or filters else ([], {})
    start = (page - 1) * per_page
    suggestion = database.did_you_mean(query, tokens) if query and not hits else None
    if suggestion:  # nothing for the words as typed: what was likely meant, as the engine does
        hits, facets = database.search(suggestion, tokens, filters)
        suggestion = suggestion if hits else None  # one that finds nothing either helps no one
    if query and not hits:  # nothing has every word: what has most of them, as the engine ranks
        hits, facets = database.search(query, tokens, filters, require_all=False)
    return Results(query, hits[start : start + per_page], len(hits), facets, "database",
                   suggestion=suggestion, filters=filters)  # fmt: skip


# The engine hands out the first 10,000 hits of a search and refuses a page beyond them
# (its max_result_window); the count still covers every match.
ENGINE_RESULT_WINDOW = 10_000


def last_page(total, per_page):
    """The last page a reader can open for `total` results."""
    return (min(total, ENGINE_RESULT_WINDOW) + per_page - 1) // per_page


def _engine_search(query, tokens, filters, page, per_page):
    if not query and not filters:
        return Results(query, [], 0, {}, "engine", filters=filters)
    window = slice((page - 1) * per_page, page * per_page)
    if window.stop > ENGINE_RESULT_WINDOW:
        window = slice(0, 0)  # past the last page: the count and facets, no hits
    words_field = counts_in_words_field()

    def hits_and_facets(fuzzy, marked_words=None, word_checks=()):
        return get_client().msearch(alias_name(), [
            build_query(query, tokens, filters, fuzzy, marked_words)[window].to_dict(),
            build_facet_query(query, tokens, filters, fuzzy, words_field).to_dict(),
            *(check.to_dict() for check in word_checks),
        ])  # fmt: skip

    response, counted = hits_and_facets(fuzzy=False)
    # The term suggester proposes a word only where a typed word is rarer than a known one. It
    # reads the whole index, so whether the searcher may read a proposed word is asked next:
    # alongside the fuzzy search when one follows (a typo), else on its own.
    proposals = spelling_proposals(response) if query else []
    proposed = sorted({word for _, words in proposals for word in words})
    checks = build_word_checks(proposed, tokens) if tokens is not None else []
    if query and (not counted["hits"]["total"]["value"] or has_unknown_words(response)):
        marked_words = words_meant(query, response)
        response, counted, *checked = hits_and_facets(True, marked_words, checks)
    elif checks:
        checked = get_client().msearch(alias_name(), [check.to_dict() for check in checks])
    readable = set(proposed)
    if checks:
        readable = {word for word, found in zip(proposed, checked, strict=True) if found_any(found)}
    suggestion = _did_you_mean(proposals, readable)
    total = counted["hits"]["total"]["value"]
    hits = []
    for hit in response["hits"]["hits"]:
        source = hit["_source"]
        highlight = hit.get("highlight", {})
        fragment = (highlight.get("body") or highlight.get("title") or [None])[0]
        hits.append({
            "doc_id": hit["_id"], "type": source["type"], "title": source["title"],
            "url": source["url"], "score": hit["_score"],
            "highlight": fragment or escape(source["body"][:160]),
            "facets": {k[2:]: v for k, v in source.items() if k.startswith("f_")},
        })  # fmt: skip
    return Results(query, hits, total, facet_counts(counted), "engine", suggestion=suggestion,
                   filters=filters)  # fmt: skip


def _did_you_mean(proposals, readable):
    """The search text with each word the spelling suggester would change replaced by its
    first proposal the searcher may read; None if nothing changes. A word from a document
    someone cannot open must not show up in "Did you mean": it tells what the document is
    about."""
    corrected = [next((w for w in words if w in readable), typed) for typed, words in proposals]
    if corrected == [typed for typed, _ in proposals]:
        return None
    return " ".join(corrected)


def suggest(prefix, user, limit=8):
    prefix = (prefix or "").strip()[:100]
    if len(prefix) < 2:
        return []
    tokens = visibility_tokens(user)
    if engine_enabled():
        from elasticsearch_dsl import Search

        search = Search().query(
            "multi_match", query=prefix, type="bool_prefix",
            fields=["title.prefix", "title.prefix._2gram", "title.prefix._3gram"],
        )[:limit]  # fmt: skip
        if tokens is not None:
            search = search.filter("terms", access=tokens)
        try:
            response = get_client().search(alias_name(), search.to_dict())
            return [(h["_source"]["title"], h["_source"]["url"]) for h in response["hits"]["hits"]]
        except EngineUnavailable:
            pass
    return database.suggest(prefix, tokens, limit)


def more_like_this(text, user, types=(), exclude=None, limit=5):
    """What is already there that reads like `text`: the 'has someone raised this?' list shown
    while writing a proposal. Only what the user may see; `exclude` is a doc id to leave out."""
    text = " ".join((text or "").split())[:2000]
    if len(text) < 4:
        return []
    tokens = visibility_tokens(user)
    if engine_enabled():
        search = build_more_like_this(text, tokens, types, exclude)[:limit]
        try:
            response = get_client().search(alias_name(), search.to_dict())
        except EngineUnavailable:
            pass
        else:
            return [
                {"doc_id": h["_id"], "type": h["_source"]["type"], "title": h["_source"]["title"],
                 "url": h["_source"]["url"], "score": h["_score"]}
                for h in response["hits"]["hits"]
            ]  # fmt: skip
    return database.more_like_this(text, tokens, types, exclude, limit)


def record_query(query, result_count, backend):
    """Kept without who searched: only the words and whether anything was found."""
    query = " ".join(query.lower().split())[:200]
    if query:
        SearchQueryLog.objects.create(query=query, result_count=result_count, backend=backend)


def top_zero_result_queries(days=90, limit=20):
    from django.db.models import Count

    since = timezone.now() - datetime.timedelta(days=days)
    return (
        SearchQueryLog.objects.filter(result_count=0, created_at__gte=since)
        .values("query")
        .annotate(times=Count("id"))
        .order_by("-times", "query")[:limit]
    )
