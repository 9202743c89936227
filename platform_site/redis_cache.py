"""The Redis cache with one connection pool per process, that does not take the site down with it.

Under ASGI Django keeps its cache objects per request context, and Django's Redis backend gives
each object its own client and pool: every request that touched the cache opened a new connection
to Redis. A signed-in page reads its session from the cache, so that was every page. Here all
cache objects of a process share one client per server list; redis-py's pool is thread-safe.

When Redis does not answer, a read misses and a write is dropped (and logged) instead of failing
the request: sessions then come from the database (`cached_db`), pages are made afresh, and live
notifications wait for Redis as before (tests/test_outages.py). After Redis failed to answer,
the process counts it as down for RETRY_SECONDS: a Redis that hangs costs one timeout a second
(one socket timeout), not one per cache call; a signed-in page made ten and took eleven seconds.

A dropped write is owed, not forgotten. A Redis that comes back with its data (a hang, a restart
from its snapshot) still holds what the write would have replaced: the session of someone who
logged out meanwhile, a page cache version that was not raised after a change. So the process
remembers the keys it could not write, and before it reads or writes anything else it deletes
those keys and raises those counters. Until that has worked, the cache counts as down.
"""

import functools
import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# How many keys one process keeps owing; far more than a region writes during an outage.
MAX_OWED = 100_000
# After Redis failed to answer, count it as down for this long before trying again.
RETRY_SECONDS = 1.0

_clients = {}
_lock = threading.Lock()

# What a dropped write leaves owing, as (keys to delete, counters to raise by).
_OWES = {
    # A value that could not be written or removed may still be there, older: remove it.
    "set": lambda key, *a, **k: ([key], {}),
    "delete": lambda key, *a, **k: ([key], {}),
    "set_many": lambda data, *a, **k: (list(data), {}),
    "delete_many": lambda keys, *a, **k: (list(keys), {}),
    "incr": lambda key, delta, *a, **k: ([], {key: delta}),
}


def _tolerant(method, fallback):
    owes = _OWES.get(method.__name__)

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        if not self._available():
            # Redis is still away, or what it holds is older than what was written meanwhile.
            self._owe(owes, args, kwargs)
            return fallback(*args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            logger.warning("Redis (cache) niet bereikbaar bij %s: %s", method.__name__, error)
            self._next_attempt = time.monotonic() + RETRY_SECONDS
            self._owe(owes, args, kwargs)
            return fallback(*args, **kwargs)

    return call


class TolerantRedisCacheClient(RedisCacheClient):
    """Django's client; when Redis is unreachable, reads miss and writes are owed (above)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._owed_lock = threading.Lock()
        self._owed_deletes = {}  # key -> None, in the order owed
        self._owed_increments = {}  # key -> delta
        self._next_attempt = 0.0
        self._redis_clients = {}  # pool -> redis-py client

    def get_client(self, key=None, *, write=False):
        # Django makes a new redis-py client for every call, and each builds its table of ~200
        # reply handlers: 0.05-0.1 ms of the ~2.4 ms a signed-in request that does nothing
        # costs at 10x. A client is thread-safe and holds nothing but its pool: one per pool.
        pool = self._get_connection_pool(write)
        client = self._redis_clients.get(pool)
        if client is None:
            client = self._redis_clients.setdefault(pool, self._client(connection_pool=pool))
        return client

    add = _tolerant(RedisCacheClient.add, lambda *a, **k: False)
    get = _tolerant(RedisCacheClient.get, lambda key, default: default)
    set = _tolerant(RedisCacheClient.set, lambda *a, **k: None)
    touch = _tolerant(RedisCacheClient.touch, lambda *a, **k: False)
    delete = _tolerant(RedisCacheClient.delete, lambda *a, **k: False)
    get_many = _tolerant(RedisCacheClient.get_many, lambda *a, **k: {})
    has_key = _tolerant(RedisCacheClient.has_key, lambda *a, **k: False)
    # A counter that cannot be raised now (the page cache's version) is raised when Redis is back.
    incr = _tolerant(RedisCacheClient.incr, lambda key, delta: delta)
    set_many = _tolerant(RedisCacheClient.set_many, lambda *a, **k: [])
    delete_many = _tolerant(RedisCacheClient.delete_many, lambda *a, **k: None)
    clear = _tolerant(RedisCacheClient.clear, lambda *a, **k: False)

    def _available(self):
        """False for RETRY_SECONDS after Redis failed to answer, so that a Redis that hangs costs
        one timeout a second instead of one per cache call; then first pay what is owed."""
        if time.monotonic() < self._next_attempt:
            return False
        return not self._owed_count() or self._settle()

    def _owed_count(self):
        return len(self._owed_deletes) + len(self._owed_increments)

    def _owe(self, owes, args, kwargs):
        if owes is None:
            return
        deletes, increments = owes(*args, **kwargs)
        with self._owed_lock:
            for key in deletes:
                self._owed_deletes[key] = None
            for key, delta in increments.items():
                self._owed_increments[key] = self._owed_increments.get(key, 0) + delta
            while len(self._owed_deletes) > MAX_OWED:
                dropped = next(iter(self._owed_deletes))
                del self._owed_deletes[dropped]
                logger.error("Redis (cache): te veel open schrijfacties, %s vergeten", dropped)

    def _settle(self):
        """Pay what is owed; True when nothing is owed any more. One thread at a time tries; the
        others count the cache as down meanwhile."""
        if not self._owed_lock.acquire(blocking=False):
            return False
        try:
            if not self._owed_count():
                return True
            deletes, increments = list(self._owed_deletes), dict(self._owed_increments)
            try:
                client = self.get_client(write=True)
                pipeline = client.pipeline(transaction=False)
                for start in range(0, len(deletes), 1000):
                    pipeline.delete(*deletes[start : start + 1000])
                for key, delta in increments.items():
                    # Only a counter that is still there; a missing one starts again from scratch.
                    pipeline.eval(_RAISE_IF_PRESENT, 1, key, delta)
                pipeline.execute()
            except UNREACHABLE as error:
                self._next_attempt = time.monotonic() + RETRY_SECONDS
                logger.warning("Redis (cache) nog niet bereikbaar: %s", error)
                return False
            # Nobody owed anything meanwhile: `_owe` waits for the lock this holds.
            self._owed_deletes.clear()
            self._owed_increments.clear()
            logger.warning(
                "Redis (cache) weer bereikbaar: %d sleutels verwijderd, %d tellers verhoogd",
                len(deletes),
                len(increments),
            )
            return True
        finally:
            self._owed_lock.release()


_RAISE_IF_PRESENT = (
    "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCRBY', KEYS[1], ARGV[1]) end"
)


def unsettled(location):
    """True while this process's cache client for the Redis at `location` counts it as down or
    owes it writes: then what it holds may be older than what this process wrote, and waiting
    for it may hang."""
    now = time.monotonic()
    return any(
        client._next_attempt > now or client._owed_count()
        for (servers, _options), client in list(_clients.items())
        if location in servers
    )


class SharedPoolRedisCache(RedisCache):
    @cached_property
    def _cache(self):
        key = (tuple(self._servers), repr(sorted(self._options.items())))
        with _lock:
            client = _clients.get(key)
            if client is None:
                client = TolerantRedisCacheClient(self._servers, **self._options)
                _clients[key] = client
        return client
