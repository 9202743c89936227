"""The Redis cache with one connection pool per process, that does not take the site down with it.

Under ASGI Django keeps its cache objects per request context, and Django's Redis backend gives
each object its own client and pool: every request that touched the cache opened a new connection
to Redis. A signed-in page reads its session from the cache, so that was every page. Here all
cache objects of a process share one client per server list; redis-py's pool is thread-safe.

When Redis does not answer, a read misses and a write is dropped (and logged) instead of failing
the request: sessions then come from the database (`cached_db`), pages are made afresh, and live
notifications wait for Redis as before (tests/test_outages.py).
"""

import functools
import logging
import threading

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)

_clients = {}
_lock = threading.Lock()


def _tolerant(method, fallback):
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            logger.warning("Redis (cache) niet bereikbaar bij %s: %s", method.__name__, error)
            return fallback(*args, **kwargs)

    return call


class TolerantRedisCacheClient(RedisCacheClient):
    """Django's client; when Redis is unreachable, reads miss and writes are dropped."""

    add = _tolerant(RedisCacheClient.add, lambda *a, **k: False)
    get = _tolerant(RedisCacheClient.get, lambda key, default: default)
    set = _tolerant(RedisCacheClient.set, lambda *a, **k: None)
    touch = _tolerant(RedisCacheClient.touch, lambda *a, **k: False)
    delete = _tolerant(RedisCacheClient.delete, lambda *a, **k: False)
    get_many = _tolerant(RedisCacheClient.get_many, lambda *a, **k: {})
    has_key = _tolerant(RedisCacheClient.has_key, lambda *a, **k: False)
    # A counter that cannot be raised now (the page cache's version) is left as it is.
    incr = _tolerant(RedisCacheClient.incr, lambda key, delta: delta)
    set_many = _tolerant(RedisCacheClient.set_many, lambda *a, **k: [])
    delete_many = _tolerant(RedisCacheClient.delete_many, lambda *a, **k: None)
    clear = _tolerant(RedisCacheClient.clear, lambda *a, **k: False)


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
