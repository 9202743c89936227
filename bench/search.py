"""Search latency over a fixed list of queries: the search engine against the database backend,
through the platform's one search function, as an access worker searches.

    python bench/search.py --scale 1 [--rounds 5] [--warm-up 25]
"""

import argparse
import itertools
import time

from common import save, setup_django, summary

QUERIES = [
    "perspectiefplan",
    "wanneer perspectiefplan",
    "regisseur",
    "rol van de regisseur",
    "intensiteit zwaar",
    "segment C",
    "Z5",
    "wachttijd jeugdhulp",
    "afschalen",
    "pp",  # a synonym of perspectiefplan
    "huishoudelijke ondersteuning",
    "triage toegang",
    "kostprijs tarief",
    "escalatie crisis",
    "profiel 4",
    "gezinsplan school",
    "verantwoording declaratie",
    "matrix resultaatgebied",
    "dagbesteding wmo",
    "perspectiefplna",  # a typo
]


def forget_counted_searches():
    """What an edit makes the engine forget: its request cache, which keeps the counts of a
    search (total, facets) until the index changes, and the facet field's global ordinals, which
    the first count after a refresh builds again. A cold search, as for a query nobody asked
    since the last edit. The filter cache stays: it is kept per segment, and an edit leaves the
    existing segments as they were. (`request=True` alone empties every cache of the index,
    the filter cache too, as after a restart; naming a field keeps the others.)"""
    from search.engine import FACET_FIELD, alias_name, get_client

    get_client()._client.indices.clear_cache(index=alias_name(), request=True, fields=FACET_FIELD)


def run(backend, user, rounds, warm_up, cold=False):
    from django.conf import settings

    from search import service

    settings.SEARCH_BACKEND = backend.split()[0]
    timings, hits = [], {}
    # Caches, connections, the engine's first use of a field, and its JVM compiling the search
    # code it runs most (a node that answered a few hundred searches is still getting faster).
    for query in itertools.islice(itertools.cycle(QUERIES), warm_up):
        if cold:
            forget_counted_searches()
        service.search(query, user)
    for _ in range(rounds):
        for query in QUERIES:
            if cold:
                forget_counted_searches()
            started = time.perf_counter()
            results = service.search(query, user)
            timings.append((time.perf_counter() - started) * 1000)
            hits[query] = results.total
    return timings, hits


def main(args):
    from django.contrib.auth import get_user_model

    from search.models import SearchEntry

    user = get_user_model().objects.get(username="toegang")
    documents = SearchEntry.objects.count()
    print(
        f"{len(QUERIES)} zoekvragen, {documents} documenten, als 'toegang'; "
        f"zoekmachine eerst {args.warm_up} ongetelde rondes"
    )
    results = {}
    # The database backend takes seconds per query at 10×: fewer rounds, the same queries.
    # "engine": the same 20 searches again and again, as popular searches are; the counts come
    # from the engine's request cache. "engine cold": that cache emptied before every search.
    # Before measuring the engine, --warm-up rounds of the queries (not timed): a node in use
    # has a warm JVM; a freshly started one first answers several times slower.
    engine_warm_up = args.warm_up * len(QUERIES)
    plan = {
        "engine": (args.rounds, engine_warm_up),
        "engine cold": (args.rounds, engine_warm_up),
        "database": (args.database_rounds or args.rounds, 3),
    }
    for backend, (rounds, warm_up) in plan.items():
        timings, hits = run(backend, user, rounds, warm_up, cold=backend == "engine cold")
        results[backend] = {**summary(timings), "hits": hits}
        print(
            f"  {backend:11} p50 {results[backend]['p50']:8.1f} ms   "
            f"p95 {results[backend]['p95']:8.1f} ms   p99 {results[backend]['p99']:8.1f} ms   "
            f"({rounds} × {len(QUERIES)} vragen)"
        )
    speedup = results["database"]["p95"] / results["engine cold"]["p95"]
    print(f"  zoekmachine (koud) is {speedup:.1f}× sneller dan de database (p95)")
    save(
        "search",
        args.scale,
        {
            "documents": documents,
            "rounds": {backend: rounds for backend, (rounds, _) in plan.items()},
            "warm_up_queries": {backend: warm for backend, (_, warm) in plan.items()},
            "results": results,
            "engine_speedup_p95": round(speedup, 2),
        },
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--warm-up", type=int, default=25, help="untimed rounds of the queries on the engine first"
    )
    parser.add_argument(
        "--database-rounds", type=int, default=0, help="database backend rounds (0: --rounds)"
    )
    arguments = parser.parse_args()
    setup_django()
    main(arguments)
