"""How many requests each server process lets into Django at once.

Django's ASGI handler runs every request's view and middleware in a thread of its own. Under load
a process then has dozens of threads that all want the one interpreter lock, and the event loop
beside them, which answers repeat anonymous visits from memory (home/page_cache.py) and carries
the live notifications, gets its turn only between them. Cached pages then waited up to ~90 ms
(p95) for as long as Django had work, and the threads got in each other's way.

`ConcurrencyLimit` lets at most DJANGO_REQUESTS_AT_ONCE requests per process into Django; the
others wait in the event loop, in the order they came, for a place. A visitor who left while
waiting costs nothing more: Django reads the request first and stops on the disconnect. Enough
places stay open for requests to overlap while they wait on the database, Redis or the search
engine. WebSockets and whatever is answered in front of Django do not wait. Measured in
bench/RESULTS.md (measurement 29). DJANGO_REQUESTS_AT_ONCE = 0 lets every request in at once,
as Django does by itself."""

import asyncio
import weakref

from django.conf import settings


class ConcurrencyLimit:
    def __init__(self, app):
        self.app = app
        self._places = weakref.WeakKeyDictionary()  # one semaphore per event loop

    async def __call__(self, scope, receive, send):
        limit = getattr(settings, "DJANGO_REQUESTS_AT_ONCE", 0)
        if scope["type"] != "http" or not limit:
            return await self.app(scope, receive, send)
        loop = asyncio.get_running_loop()
        places = self._places.get(loop)
        if places is None or places.limit != limit:
            places = self._places[loop] = _Places(limit)
        async with places.semaphore:
            return await self.app(scope, receive, send)


class _Places:
    __slots__ = ("limit", "semaphore")

    def __init__(self, limit):
        self.limit, self.semaphore = limit, asyncio.Semaphore(limit)
