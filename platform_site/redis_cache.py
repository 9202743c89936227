"""The Redis cache with one connection pool per process.

Under ASGI Django keeps its cache objects per request context, and Django's Redis backend gives
each object its own client and pool: every request that touched the cache opened a new connection
to Redis. A signed-in page reads its session from the cache, so that was every page. Here all
cache objects of a process share one client per server list; redis-py's pool is thread-safe.
"""

import threading

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property

_clients = {}
_lock = threading.Lock()


class SharedPoolRedisCache(RedisCache):
    @cached_property
    def _cache(self):
        key = (tuple(self._servers), repr(sorted(self._options.items())))
        with _lock:
            client = _clients.get(key)
            if client is None:
                client = _clients[key] = RedisCacheClient(self._servers, **self._options)
        return client
